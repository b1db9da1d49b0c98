using System.Diagnostics.CodeAnalysis;

namespace Recommender.Core.Als.OpenCl;

/// <summary>
/// The OpenCL side of <c>--device</c>: resolves opencl, opencl:N and gpu to a fitter, and probes for a GPU for auto.
/// Errors are one line, meant to be shown as they are.
/// </summary>
public static class OpenClFitterProvider
{
    /// <summary>Whether <paramref name="device"/> is a device this provider resolves (opencl, opencl:N, gpu).</summary>
    public static bool Handles(string device) => OpenClDevices.IsOpenClSpec(device);

    /// <summary>
    /// Creates the fitter for opencl, opencl:N or gpu. Returns false with a one-line <paramref name="error"/> when the
    /// OpenCL runtime or the device is missing, or when <paramref name="device"/> is not an OpenCL device.
    /// </summary>
    public static bool TryCreate(string device, [NotNullWhen(true)] out IAlsFitter? fitter, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(device);
        fitter = null;
        if (!Handles(device))
        {
            error = $"Device '{device}' is not an OpenCL device: use opencl, opencl:N or gpu.";
            return false;
        }

        try
        {
            fitter = new OpenClAlsFitter(OpenClDevices.Select(device));
            error = null;
            return true;
        }
        catch (OpenClException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>For <c>auto</c>: a fitter on the first OpenCL GPU, or null when there is none (or no OpenCL runtime); never throws.</summary>
    public static IAlsFitter? ProbeGpu() => OpenClDevices.FirstGpuOrNull() is { } gpu ? new OpenClAlsFitter(gpu) : null;
}
