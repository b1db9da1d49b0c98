using System.CommandLine;
using Recommender.Core.Als;
using Recommender.Core.Als.Gpu;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// <c>gpu-selftest --device cuda</c> (hidden from help): the kernel checks of the test suite on a real device, for
/// machines that have the published job but no test framework (tools/gpu/device-check.sh). Exit 0 when all pass.
/// </summary>
internal static class GpuSelfTestCommand
{
    public static Command Create(TextWriter stdout)
    {
        var device = CliOptions.Text("--device", "cuda", "The ILGPU device to check: cuda[:N], opencl[:N] or ilgpu-cpu", "DEVICE");
        var command = new Command("gpu-selftest", "Compare the GPU kernels with the CPU solver on random systems") { device };
        command.Hidden = true;
        command.SetAction(result => Run(result.GetValue(device)!, stdout));
        return command;
    }

    private static int Run(string device, TextWriter stdout)
    {
        IAlsFitter fitter = AlsFitterFactory.Create(device);
        if (fitter is not GpuAlsFitter)
        {
            throw new UsageException($"gpu-selftest needs an ILGPU device (cuda, opencl or ilgpu-cpu), not '{device}'.");
        }

        return GpuSelfTest.Run(fitter, stdout) ? 0 : 1;
    }
}
