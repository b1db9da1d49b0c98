namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL context object reference; released with clReleaseContext.</summary>
internal sealed class ClContextHandle : ClHandle
{
    public ClContextHandle()
    {
    }

    public ClContextHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseContext(handle) == 0;
}
