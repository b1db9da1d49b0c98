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

    [Fact]
    public void Create_ReturnsTheOpenClFitter_ForOpenCl()
    {
        // PoCL provides a CPU OpenCL device here (the test command installs it).
        Assert.IsType<Recommender.Core.Als.OpenCl.OpenClAlsFitter>(AlsFitterFactory.Create("opencl"));
    }

    [Theory]
    [InlineData("opencl:99", "OpenCL device 99 does not exist")]
    [InlineData("gpu", "No OpenCL GPU found")]
    [InlineData("cuda", "GPUs are used through OpenCL")]
    public void Create_FailsWithOneLine_ForADeviceThatIsNotThere(string device, string expected)
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create(device));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Create_FailsClearly_ForAnUnknownDevice()
    {
        var ex = Assert.Throws<NotSupportedException>(() => AlsFitterFactory.Create("tpu"));

        Assert.Contains("'tpu'", ex.Message, StringComparison.Ordinal);
    }
}
