using System.Diagnostics;
using Recommender.Core.Als.Internals;
using Recommender.Core.Data;

namespace Recommender.Core.Als;

/// <summary>Trains ALS on a seeded power-law synthetic matrix and times each iteration.</summary>
public static class AlsBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="log"/> (e.g. stderr) receives one progress line per iteration.</summary>
    public static AlsBenchmarkResult Run(AlsBenchmarkSettings settings, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IAlsFitter fitter = AlsFitterFactory.Create(settings.Device, settings.KernelProfile ? log : null);
        AlsOptions options = settings.Options with { Seed = settings.Seed };

        long started = Stopwatch.GetTimestamp();
        CsrMatrix matrix = PowerLawMatrixGenerator.Generate(settings.Users, settings.Items, settings.Interactions, settings.Seed, threads: options.Threads);
        double generateSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        string? kernels = fitter is CpuAlsFitter ? FactorKernelSets.Name(FactorKernelSets.For(options.Factors)) : null;
        string kernelNote = kernels is null ? string.Empty : $", {kernels} kernels";
        log?.WriteLine($"generated {matrix.Rows} x {matrix.Columns} with {matrix.NonZeros} nonzeros in {generateSeconds:F2} s; training on {fitter.Device.Kind} ({fitter.Device.Name}{kernelNote})");

        var seconds = new List<double>(options.Iterations);
        var progress = new SynchronousProgress<AlsIterationReport>(report =>
        {
            seconds.Add(report.Seconds);
            string loss = report.Loss is { } value ? FormattableString.Invariant($", loss {value:G6}") : string.Empty;
            log?.WriteLine(FormattableString.Invariant($"iteration {report.Iteration}/{options.Iterations}: {report.Seconds:F3} s{loss}"));
        });
        fitter.Fit(matrix, options, progress, cancellationToken);
        (int maxUser, int maxItem) = MaxDegrees(matrix);
        return new AlsBenchmarkResult(settings, matrix.NonZeros, maxUser, maxItem, fitter.Device, generateSeconds, IterationTimes.Median(seconds), seconds, kernels, CpuDeviceInfo.InstructionSets());
    }

    /// <summary>The largest row and column counts, so the JSON shows how skewed the synthetic matrix is.</summary>
    private static (int MaxUser, int MaxItem) MaxDegrees(CsrMatrix matrix)
    {
        int maxUser = 0;
        for (int u = 0; u < matrix.Rows; u++)
        {
            maxUser = Math.Max(maxUser, matrix.RowPointers[u + 1] - matrix.RowPointers[u]);
        }

        var itemCounts = new int[matrix.Columns];
        foreach (int item in matrix.ColumnIndices)
        {
            itemCounts[item]++;
        }

        int maxItem = 0;
        foreach (int count in itemCounts)
        {
            maxItem = Math.Max(maxItem, count);
        }

        return (maxUser, maxItem);
    }
}
