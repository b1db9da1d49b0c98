namespace Recommender.Core.Als.OpenCl.Native;

/// <summary>Owns one OpenCL kernel object reference; released with clReleaseKernel.</summary>
internal sealed class ClKernelHandle : ClHandle
{
    public ClKernelHandle()
    {
    }

    public ClKernelHandle(nint handle)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle() => OpenClNative.clReleaseKernel(handle) == 0;
}
