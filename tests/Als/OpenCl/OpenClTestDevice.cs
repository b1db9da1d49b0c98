using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

/// <summary>The OpenCL device the tests run on; fails (never skips) when there is none, since the test command installs PoCL.</summary>
internal static class OpenClTestDevice
{
    private static readonly Lazy<OpenClDeviceInfo> _device = new(Find);

    public static OpenClDeviceInfo First => _device.Value;

    private static OpenClDeviceInfo Find()
    {
        IReadOnlyList<OpenClDeviceInfo> devices;
        try
        {
            devices = OpenClDevices.Enumerate();
        }
        catch (OpenClException e)
        {
            throw new InvalidOperationException($"The OpenCL tests need an OpenCL device: {e.Message} Run tools/pocl/install.sh.", e);
        }

        if (devices.Count == 0)
        {
            throw new InvalidOperationException("The OpenCL tests need an OpenCL device and `clinfo -l` lists none: run tools/pocl/install.sh (installs PoCL, a CPU OpenCL device).");
        }

        return devices[0];
    }
}
