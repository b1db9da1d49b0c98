using System.Runtime.InteropServices;

namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Base of the OpenCL object handles: a pointer-sized reference whose zero value is invalid.</summary>
internal abstract class ClHandle : SafeHandle
{
    protected ClHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;
}
