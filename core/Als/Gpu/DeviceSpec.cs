using System.Globalization;

namespace Recommender.Core.Als.Gpu;

/// <summary>Which backend a <c>--device</c> value asks for.</summary>
public enum DeviceKind
{
    /// <summary>CUDA, then a capable OpenCL GPU, then the CPU solver.</summary>
    Auto,

    /// <summary>The hand-vectorised CPU solver.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,

    /// <summary>An OpenCL device through ILGPU's OpenCL backend (needs OpenCL 2.0 generic address space, fp64 and sub-groups).</summary>
    OpenCl,

    /// <summary>ILGPU's CPU accelerator: the GPU kernels simulated on CPU threads (tests, debugging).</summary>
    IlgpuCpu,
}

/// <summary>A parsed <c>--device</c> value: auto, cpu, cuda[:N], opencl[:N] or ilgpu-cpu.</summary>
public readonly record struct DeviceSpec(DeviceKind Kind, int Index)
{
    /// <summary>The accepted values, for error messages and help text.</summary>
    public const string Accepted = "auto, cpu, cuda, cuda:N, opencl, opencl:N or ilgpu-cpu";

    /// <summary>Parses a device value (case-insensitive); false with a one-line <paramref name="error"/> for anything else.</summary>
    public static bool TryParse(string? value, out DeviceSpec spec, out string? error)
    {
        spec = default;
        error = null;
        string text = (value ?? string.Empty).Trim().ToLowerInvariant();
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text : text[..colon];
        int index = 0;
        if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out index) || name is not ("cuda" or "opencl")))
        {
            error = $"Unknown device '{value}': use --device {Accepted}.";
            return false;
        }

        DeviceKind? kind = name switch
        {
            "auto" => DeviceKind.Auto,
            "cpu" => DeviceKind.Cpu,
            "cuda" => DeviceKind.Cuda,
            "opencl" => DeviceKind.OpenCl,
            "ilgpu-cpu" => DeviceKind.IlgpuCpu,
            _ => null,
        };
        if (kind is null)
        {
            error = $"Unknown device '{value}': use --device {Accepted}.";
            return false;
        }

        spec = new DeviceSpec(kind.Value, index);
        return true;
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => $"cuda:{Index}",
        DeviceKind.OpenCl => $"opencl:{Index}",
        _ => "ilgpu-cpu",
    };
}
