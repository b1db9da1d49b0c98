using Recommender.Core.Als.Gpu;

namespace Recommender.Tests.Als.Gpu;

public class NativeLibrariesTests
{
    [Theory]
    [InlineData("cuda", "libcuda.so.1")]
    [InlineData("opencl", "libOpenCL.so.1")]
    [InlineData("OpenCL", "libOpenCL.so.1")]
    public void CandidatesFor_MapsIlgpuImportNamesToTheDriverSonames(string importName, string first)
    {
        Assert.Equal(first, NativeLibraries.CandidatesFor(importName)![0]);
    }

    [Fact]
    public void CandidatesFor_LeavesOtherLibrariesAlone()
    {
        Assert.Null(NativeLibraries.CandidatesFor("libz"));
    }
}
