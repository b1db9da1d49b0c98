using Recommender.Core.Als;
using Recommender.Core.Als.OpenCl;

namespace Recommender.Tests.Als.OpenCl;

public class OpenClErrorTests
{
    [Fact]
    public void Fit_WithABrokenKernel_ThrowsBuildFailureCarryingTheBuildLog()
    {
        const string broken = "__kernel void cg_rows(__global float* x) { x[0] = undeclared_name; }";
        var fitter = new OpenClAlsFitter(OpenClTestDevice.First, broken);

        var error = Assert.Throws<OpenClException>(() => fitter.Fit(RandomInteractions.Create(5, 5, 2, seed: 1), new AlsOptions { Factors = 4, Iterations = 1 }));

        Assert.Equal(-11, error.Code);
        Assert.Equal("CL_BUILD_PROGRAM_FAILURE", error.Name);
        Assert.Equal("clBuildProgram", error.Operation);
        Assert.Contains("build log", error.Message, StringComparison.Ordinal);
        Assert.Contains("undeclared_name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_MissingDeviceIndex_ThrowsOneLineErrorListingTheDevices()
    {
        OpenClDeviceInfo first = OpenClTestDevice.First;

        var error = Assert.Throws<OpenClException>(() => OpenClDevices.Select("opencl:99"));

        Assert.StartsWith("OpenCL device 99 does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.Name, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Select_MalformedDevice_ThrowsClearError()
    {
        var error = Assert.Throws<OpenClException>(() => OpenClDevices.Select("opencl:first"));

        Assert.Contains("use opencl, opencl:N", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBuffer_AbsurdSize_ThrowsNamedAllocationError()
    {
        using OpenClContext context = OpenClContext.Create(OpenClTestDevice.First);

        var error = Assert.Throws<OpenClException>(() => context.CreateBuffer(1L << 50, "absurd buffer"));

        Assert.Contains(error.Name, new[] { "CL_INVALID_BUFFER_SIZE", "CL_MEM_OBJECT_ALLOCATION_FAILURE", "CL_OUT_OF_RESOURCES" });
        Assert.Equal("clCreateBuffer", error.Operation);
        Assert.Contains("absurd buffer: 1125899906842624 bytes requested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ProblemLargerThanDeviceMemory_ThrowsOutOfDeviceMemoryBeforeAllocating()
    {
        OpenClDeviceInfo small = OpenClTestDevice.First with { GlobalMemoryBytes = 1 << 20 };
        var fitter = new OpenClAlsFitter(small);

        var error = Assert.Throws<OpenClException>(() => fitter.Fit(RandomInteractions.Create(4000, 1000, 5, seed: 2), new AlsOptions { Factors = 64, Iterations = 1 }));

        Assert.StartsWith("Out of device memory:", error.Message, StringComparison.Ordinal);
        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_MissingLibrary_GivesTheInstallHint()
    {
        string? problem = OpenClRuntime.Probe("libOpenCL-does-not-exist.so.1");

        Assert.Equal(
            "OpenCL runtime not found (libOpenCL-does-not-exist.so.1): install ocl-icd-libopencl1 and a driver (pocl-opencl-icd for CPU, the NVIDIA driver's OpenCL ICD for GPUs), or run tools/pocl/install.sh.",
            problem);
        Assert.Null(OpenClRuntime.Probe("libOpenCL.so.1"));
    }

    [Fact]
    public void ErrorNames_CoverTheCommonCodesAndAreDistinct()
    {
        Assert.Equal("CL_OUT_OF_RESOURCES", OpenClErrors.NameOf(-5));
        Assert.Equal("CL_MEM_OBJECT_ALLOCATION_FAILURE", OpenClErrors.NameOf(-4));
        Assert.Equal("CL_INVALID_WORK_GROUP_SIZE", OpenClErrors.NameOf(-54));
        Assert.Equal("CL_UNKNOWN_ERROR(-12345)", OpenClErrors.NameOf(-12345));
        var names = new HashSet<string>();
        foreach (int code in OpenClErrors.KnownCodes)
        {
            Assert.True(names.Add(OpenClErrors.NameOf(code)), $"duplicate name for {code}");
        }

        Assert.Equal("OpenCL clFinish failed with CL_OUT_OF_RESOURCES (-5): the device ran out of resources (memory, registers or a kernel fault).", new OpenClException(-5, "clFinish").Message);
    }

    [Fact]
    public void Fit_NaNInput_ThrowsAlsDiverged()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 3, [0, 1, 2], [0, 1, 2], [1f, float.NaN, 1f]);

        var error = Assert.Throws<AlsDivergedException>(() => new OpenClAlsFitter(OpenClTestDevice.First).Fit(matrix, new AlsOptions { Factors = 4, Iterations = 2 }));

        Assert.Contains("user factors became NaN or infinite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CholeskySolver_IsRejectedWithAdvice()
    {
        var error = Assert.Throws<NotSupportedException>(() => new OpenClAlsFitter(OpenClTestDevice.First).Fit(RandomInteractions.Create(5, 5, 2, seed: 1), new AlsOptions { Solver = AlsSolverKind.Cholesky }));

        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }
}
