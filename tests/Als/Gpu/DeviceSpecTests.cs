using Recommender.Core.Als.Gpu;

namespace Recommender.Tests.Als.Gpu;

public class DeviceSpecTests
{
    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData("cpu", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("CUDA:2", DeviceKind.Cuda, 2)]
    [InlineData("opencl", DeviceKind.OpenCl, 0)]
    [InlineData(" opencl:1 ", DeviceKind.OpenCl, 1)]
    [InlineData("ilgpu-cpu", DeviceKind.IlgpuCpu, 0)]
    public void TryParse_AcceptsTheDocumentedValues(string value, DeviceKind kind, int index)
    {
        Assert.True(DeviceSpec.TryParse(value, out DeviceSpec spec, out string? error), error);

        Assert.Equal(new DeviceSpec(kind, index), spec);
    }

    [Theory]
    [InlineData("cuda:-1")]
    [InlineData("cuda:")]
    [InlineData("ilgpu-cpu:0")]
    [InlineData("metal")]
    public void TryParse_RejectsAnythingElseWithOneLine(string value)
    {
        Assert.False(DeviceSpec.TryParse(value, out _, out string? error));

        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
    }
}
