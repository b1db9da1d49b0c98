using Recommender.Core.Als;

namespace Recommender.Tests.Als;

public class AlsFitterFactoryTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("auto")]
    [InlineData("CPU")]
    public void Create_ReturnsTheCpuFitter_ForCpuAndAuto(string device)
    {
        Assert.IsType<CpuAlsFitter>(AlsFitterFactory.Create(device));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("opencl")]
    public void Create_FailsClearly_ForAGpuDevice(string device)
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create(device));

        Assert.Contains("no GPU backend is available in this build", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--device cpu or auto", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Create_FailsClearly_ForAnUnknownDevice()
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create("tpu"));

        Assert.Contains("'tpu'", ex.Message, StringComparison.Ordinal);
    }
}
