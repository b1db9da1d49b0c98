namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL event object reference; released with clReleaseEvent.</summary>
internal sealed class ClEventHandle : ClHandle
{
    public ClEventHandle()
    {
    }

    public ClEventHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseEvent(handle) == 0;
}
