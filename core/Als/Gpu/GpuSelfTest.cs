using System.Numerics.Tensors;
using Recommender.Core.Data;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// The kernel checks of the test suite, runnable on a real device without the test framework: the device fitter
/// against the CPU solver on seeded random systems (one with item rows long enough for the widest row groups), the same
/// factors for the same seed, and the NaN guard.
/// Tolerances (largest factor difference over the largest factor): 1e-4 with CG run to convergence (measured about 1e-5
/// on ILGPU's CPU accelerator); with 3 truncated CG steps 1e-2 after iteration 1 and 3e-2 later (measured 1.1e-3 and 3.0e-3
/// after iteration 1 at 64 and 128 factors, up to 1.3e-2 by iteration 3: these power-law systems have rows with hundreds of
/// nonzeros, whose truncated solves amplify the rounding differences of a different summation order).
/// </summary>
public static class GpuSelfTest
{
    /// <summary>Runs every check on <paramref name="fitter"/>, one line each to <paramref name="log"/>; true when all pass.</summary>
    public static bool Run(IAlsFitter fitter, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(fitter);
        ArgumentNullException.ThrowIfNull(log);
        var cpu = new CpuAlsFitter();
        bool ok = true;
        log.WriteLine($"self-test on {fitter.Device.Kind} ({fitter.Device.Name}) against the CPU solver");
        foreach ((int factors, ConfidenceScaling confidence, int steps, double first, double later) in new[]
        {
            (8, ConfidenceScaling.Linear, 20, 1e-4, 1e-4),
            (13, ConfidenceScaling.Log, 30, 1e-4, 1e-4),
            (64, ConfidenceScaling.Linear, 3, 1e-2, 3e-2),
            (128, ConfidenceScaling.Linear, 3, 1e-2, 3e-2),
        })
        {
            CsrMatrix matrix = PowerLawMatrixGenerator.Generate(3000, 2000, 60_000, seed: factors, threads: 0);
            var options = new AlsOptions { Factors = factors, Confidence = confidence, Alpha = 2f, Regularization = 0.1f, CgSteps = steps, Seed = 3 };
            for (int iterations = 1; iterations <= 3; iterations++)
            {
                AlsOptions run = options with { Iterations = iterations };
                AlsFactors expected = cpu.Fit(matrix, run);
                AlsFactors actual = fitter.Fit(matrix, run);
                double difference = Difference(expected, actual);
                double tolerance = iterations == 1 ? first : later;
                ok &= Report(log, difference <= tolerance, $"{factors} factors, {confidence}, {steps} CG steps, iteration {iterations}: difference {difference:E2} (tolerance {tolerance:E0})");
            }
        }

        // Few items, so each item row has thousands of nonzeros (the longest tens of thousands): the item half runs in the
        // widest row groups the device allows, as the popular items of a large matrix do.
        CsrMatrix wide = PowerLawMatrixGenerator.Generate(40_000, 200, 400_000, seed: 11, threads: 0);
        var wideOptions = new AlsOptions { Factors = 64, Alpha = 2f, Regularization = 0.1f, CgSteps = 3, Iterations = 1, Seed = 3 };
        double wideDifference = Difference(cpu.Fit(wide, wideOptions), fitter.Fit(wide, wideOptions));
        ok &= Report(log, wideDifference <= 1e-2, $"64 factors, item rows of thousands of nonzeros, 3 CG steps, iteration 1: difference {wideDifference:E2} (tolerance 1E-002)");

        CsrMatrix seeded = PowerLawMatrixGenerator.Generate(3000, 2000, 60_000, seed: 5, threads: 0);
        var seededOptions = new AlsOptions { Factors = 64, Iterations = 3, Seed = 9 };
        AlsFactors once = fitter.Fit(seeded, seededOptions);
        AlsFactors twice = fitter.Fit(seeded, seededOptions);
        ok &= Report(log, once.UserFactors.AsSpan().SequenceEqual(twice.UserFactors) && once.ItemFactors.AsSpan().SequenceEqual(twice.ItemFactors), "same seed twice gives identical factors");

        CsrMatrix poisoned = CsrMatrix.FromCoordinates(3, 3, [0, 1, 2], [0, 1, 2], [1f, float.NaN, 1f]);
        bool diverged;
        try
        {
            fitter.Fit(poisoned, new AlsOptions { Factors = 4, Iterations = 2 });
            diverged = false;
        }
        catch (AlsDivergedException)
        {
            diverged = true;
        }

        ok &= Report(log, diverged, "a NaN input stops the fit as diverged");
        log.WriteLine(ok ? "self-test: all checks passed" : "self-test: FAILED");
        return ok;
    }

    private static bool Report(TextWriter log, bool pass, string what)
    {
        log.WriteLine($"{(pass ? "PASS" : "FAIL")} {what}");
        return pass;
    }

    /// <summary>The larger relative difference of the user and the item factors.</summary>
    private static double Difference(AlsFactors expected, AlsFactors actual) =>
        Math.Max(RelativeDifference(expected.UserFactors, actual.UserFactors), RelativeDifference(expected.ItemFactors, actual.ItemFactors));

    private static double RelativeDifference(float[] expected, float[] actual)
    {
        float[] difference = new float[expected.Length];
        TensorPrimitives.Subtract(expected, actual, difference);
        return Math.Abs(TensorPrimitives.MaxMagnitude(difference)) / Math.Max(Math.Abs(TensorPrimitives.MaxMagnitude(expected)), 1e-30f);
    }
}
