using Recommender.Core.Als;
using Recommender.Core.Als.Gpu;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// <c>gpu-selftest --device cuda</c> (not in the usage line): the kernel checks of the test suite on a real device,
/// for machines that have the published job but no test framework (tools/gpu/device-check.sh). Exit 0 when all pass.
/// </summary>
internal static class GpuSelfTestCommand
{
    public static int Run(CommandArguments args, TextWriter stdout)
    {
        string device = args.String("device") ?? "cuda";
        args.ThrowOnUnknown();
        IAlsFitter fitter = AlsFitterFactory.Create(device);
        if (fitter is not GpuAlsFitter)
        {
            throw new UsageException($"gpu-selftest needs an ILGPU device (cuda, opencl or ilgpu-cpu), not '{device}'.");
        }

        return GpuSelfTest.Run(fitter, stdout) ? 0 : 1;
    }
}
