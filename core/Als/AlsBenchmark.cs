using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Recommender.Core.Data;

namespace Recommender.Core.Als;

/// <summary>What the ALS benchmark trains on and how.</summary>
public sealed record AlsBenchmarkSettings
{
    public int Users { get; init; } = 138_000;

    public int Items { get; init; } = 27_000;

    public int Interactions { get; init; } = 10_000_000;

    /// <summary>Seed of the synthetic matrix and of the factor initialisation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Device passed to <see cref="AlsFitterFactory.Create"/>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>ALS options; the benchmark default is 5 iterations.</summary>
    public AlsOptions Options { get; init; } = new() { Iterations = 5 };
}

/// <summary>The benchmark outcome: inputs, matrix size, device and timings.</summary>
public sealed record AlsBenchmarkResult(
    AlsBenchmarkSettings Settings,
    int NonZeros,
    ComputeDeviceInfo Device,
    double GenerateSeconds,
    double SecondsPerIteration,
    IReadOnlyList<double> IterationSeconds)
{
    /// <summary>The result as one JSON object (the bench command's stdout).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            AlsOptions o = Settings.Options;
            json.WriteStartObject();
            json.WriteNumber("users", Settings.Users);
            json.WriteNumber("items", Settings.Items);
            json.WriteNumber("interactions", Settings.Interactions);
            json.WriteNumber("nnz", NonZeros);
            json.WriteNumber("factors", o.Factors);
            json.WriteNumber("iterations", o.Iterations);
            json.WriteNumber("threads", o.Threads == 0 ? Environment.ProcessorCount : o.Threads);
            json.WriteString("solver", o.Solver == AlsSolverKind.Cholesky ? "cholesky" : "cg");
            json.WriteNumber("cgSteps", o.CgSteps);
            json.WriteNumber("regularization", o.Regularization);
            json.WriteNumber("alpha", o.Alpha);
            json.WriteNumber("seed", Settings.Seed);
            json.WriteStartObject("device");
            json.WriteString("kind", Device.Kind);
            json.WriteString("name", Device.Name);
            json.WriteString("vendor", Device.Vendor);
            json.WriteNumber("computeUnits", Device.ComputeUnits);
            json.WriteEndObject();
            json.WriteNumber("generateSeconds", Math.Round(GenerateSeconds, 4));
            json.WriteNumber("secondsPerIteration", Math.Round(SecondsPerIteration, 4));
            json.WriteStartArray("iterationSeconds");
            foreach (double s in IterationSeconds)
            {
                json.WriteNumberValue(Math.Round(s, 4));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Trains ALS on a seeded power-law synthetic matrix and times each iteration.</summary>
public static class AlsBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="log"/> (e.g. stderr) receives one progress line per iteration.</summary>
    public static AlsBenchmarkResult Run(AlsBenchmarkSettings settings, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IAlsFitter fitter = AlsFitterFactory.Create(settings.Device);
        AlsOptions options = settings.Options with { Seed = settings.Seed };

        long started = Stopwatch.GetTimestamp();
        CsrMatrix matrix = PowerLawMatrixGenerator.Generate(settings.Users, settings.Items, settings.Interactions, settings.Seed, threads: options.Threads);
        double generateSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log?.WriteLine($"generated {matrix.Rows} x {matrix.Columns} with {matrix.NonZeros} nonzeros in {generateSeconds:F2} s; training on {fitter.Device.Kind} ({fitter.Device.Name})");

        var seconds = new List<double>(options.Iterations);
        var progress = new SynchronousProgress<AlsIterationReport>(report =>
        {
            seconds.Add(report.Seconds);
            string loss = report.Loss is { } value ? FormattableString.Invariant($", loss {value:G6}") : string.Empty;
            log?.WriteLine(FormattableString.Invariant($"iteration {report.Iteration}/{options.Iterations}: {report.Seconds:F3} s{loss}"));
        });
        fitter.Fit(matrix, options, progress, cancellationToken);
        return new AlsBenchmarkResult(settings, matrix.NonZeros, fitter.Device, generateSeconds, Median(seconds), seconds);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0d;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
