namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL program object reference; released with clReleaseProgram.</summary>
internal sealed class ClProgramHandle : ClHandle
{
    public ClProgramHandle()
    {
    }

    public ClProgramHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseProgram(handle) == 0;
}
