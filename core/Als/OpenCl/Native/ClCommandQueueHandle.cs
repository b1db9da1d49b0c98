namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL command queue reference; released with clReleaseCommandQueue.</summary>
internal sealed class ClCommandQueueHandle : ClHandle
{
    public ClCommandQueueHandle()
    {
    }

    public ClCommandQueueHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseCommandQueue(handle) == 0;
}
