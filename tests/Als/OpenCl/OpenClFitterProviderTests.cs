using Recommender.Core.Als;
using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

public class OpenClFitterProviderTests
{
    [Theory]
    [InlineData("opencl", true)]
    [InlineData("OpenCL:0", true)]
    [InlineData("gpu", true)]
    [InlineData("cpu", false)]
    [InlineData("auto", false)]
    public void Handles_RecognisesOpenClDeviceNames(string device, bool expected) =>
        Assert.Equal(expected, OpenClFitterProvider.Handles(device));

    [Fact]
    public void TryCreate_Opencl_GivesAFitterOnTheFirstDevice()
    {
        Assert.True(OpenClFitterProvider.TryCreate("opencl", out IAlsFitter? fitter, out string? error), error);

        Assert.Equal(OpenClTestDevice.First.Name, fitter.Device.Name);
        Assert.Equal("opencl", fitter.Device.Kind);
    }

    [Fact]
    public void TryCreate_MissingIndex_ReturnsOneLineError()
    {
        Assert.False(OpenClFitterProvider.TryCreate("opencl:99", out IAlsFitter? fitter, out string? error));

        Assert.Null(fitter);
        Assert.StartsWith("OpenCL device 99 does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeGpu_FindsAGpuExactlyWhenOneIsListed()
    {
        bool hasGpu = false;
        foreach (OpenClDeviceInfo device in OpenClDevices.Enumerate())
        {
            hasGpu |= device.IsGpu;
        }

        IAlsFitter? fitter = OpenClFitterProvider.ProbeGpu();

        Assert.Equal(hasGpu, fitter is not null);
    }
}
