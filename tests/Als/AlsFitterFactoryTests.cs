using Recommender.Core.Als;
using Recommender.Core.Als.Gpu;

namespace Recommender.Tests.Als;

/// <summary>The test machines have no GPU and no OpenCL driver: auto falls back to the CPU, cuda and opencl fail with one line.</summary>
public class AlsFitterFactoryTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("auto")]
    [InlineData("CPU")]
    public void Create_ReturnsTheCpuFitter_ForCpuAndAutoWithoutAGpu(string device)
    {
        Assert.IsType<CpuAlsFitter>(AlsFitterFactory.Create(device));
    }

    [Fact]
    public void Create_ReturnsTheIlgpuFitterOnItsCpuAccelerator_ForIlgpuCpu()
    {
        IAlsFitter fitter = AlsFitterFactory.Create("ilgpu-cpu");

        Assert.IsType<GpuAlsFitter>(fitter);
        Assert.Equal("ilgpu-cpu", fitter.Device.Kind);
    }

    [Theory]
    [InlineData("cuda", "No CUDA device found")]
    [InlineData("cuda:3", "No CUDA device found")]
    [InlineData("opencl", "No OpenCL device found")]
    [InlineData("opencl:1", "No OpenCL device found")]
    public void Create_FailsWithOneLine_ForADeviceThatIsNotThere(string device, string expected)
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create(device));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cpu:1")]
    [InlineData("")]
    public void Create_FailsClearly_ForAnUnknownDevice(string device)
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create(device));

        Assert.StartsWith($"Unknown device '{device}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(DeviceSpec.Accepted, ex.Message, StringComparison.Ordinal);
    }
}
