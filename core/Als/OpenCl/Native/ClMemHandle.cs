namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL memory object (buffer) reference; released with clReleaseMemObject.</summary>
internal sealed class ClMemHandle : ClHandle
{
    public ClMemHandle()
    {
    }

    public ClMemHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseMemObject(handle) == 0;
}
