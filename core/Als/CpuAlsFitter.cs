using System.Diagnostics;
using System.Numerics.Tensors;
using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

/// <summary>
/// Implicit-feedback ALS (Hu, Koren and Volinsky 2008) on the CPU: float32 factors, one Gram matrix per
/// half-iteration, rows solved in parallel by conjugate gradient (default) or Cholesky.
/// Same seed and inputs give bit-identical factors whatever the thread count.
/// </summary>
public sealed partial class CpuAlsFitter : IAlsFitter
{
    /// <summary>Scale of the uniform [0, scale) initial factors (as benfred/implicit initialises them).</summary>
    private const float InitScale = 0.01f;

    public ComputeDeviceInfo Device => CpuDeviceInfo.Current;

    public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        Validate(userItems, options);

        int f = options.Factors;
        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        CsrMatrix itemUsers = userItems.Transpose();
        float[] userConfidence = ConfidenceMinusOne(userItems.Values, options);
        float[] itemConfidence = ConfidenceMinusOne(itemUsers.Values, options);
        float[] userFactors = new float[(long)userItems.Rows * f];
        float[] itemFactors = new float[(long)userItems.Columns * f];
        Initialise(userFactors, itemFactors, options.Seed);

        var context = new FitContext(f, workers, Math.Max(userItems.Rows, userItems.Columns));
        var userHalf = new HalfIteration(userItems, userConfidence, itemFactors, userFactors, context.Gram, f);
        var itemHalf = new HalfIteration(itemUsers, itemConfidence, userFactors, itemFactors, context.Gram, f);
        int[] userChunks = RowChunks.Build(userItems, f);
        int[] itemChunks = RowChunks.Build(itemUsers, f);

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            long started = Stopwatch.GetTimestamp();
            SolveHalf(userHalf, userChunks, userItems.Columns, options, context, cancellationToken);
            EnsureFinite(userFactors, "user", iteration);
            SolveHalf(itemHalf, itemChunks, userItems.Rows, options, context, cancellationToken);
            EnsureFinite(itemFactors, "item", iteration);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            // The optional loss is timed apart from the iteration, so seconds per iteration stay comparable.
            double? loss = options.ComputeLoss
                ? AlsLoss.Compute(userItems, userConfidence, userFactors, itemFactors, f, options.Regularization, workers, cancellationToken)
                : null;
            progress?.Report(new AlsIterationReport(iteration, seconds, loss));
        }

        return new AlsFactors(userItems.Rows, userItems.Columns, f, userFactors, itemFactors);
    }

    /// <summary>c - 1 per stored value; the solvers only ever need this and c = 1 + (c - 1).</summary>
    internal static float[] ConfidenceMinusOne(float[] values, AlsOptions options)
    {
        var result = new float[values.Length];
        if (options.Confidence == ConfidenceScaling.Linear)
        {
            TensorPrimitives.Multiply(values, options.Alpha, result);
            return result;
        }

        for (int i = 0; i < values.Length; i++)
        {
            result[i] = options.ConfidenceOf(values[i]) - 1f;
        }

        return result;
    }

    private static void Initialise(float[] userFactors, float[] itemFactors, int seed)
    {
        // System.Random with an explicit seed is a fixed, documented-stable sequence across runtimes.
        var random = new Random(seed);
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = random.NextSingle() * InitScale;
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = random.NextSingle() * InitScale;
        }
    }

    private static void Validate(CsrMatrix userItems, AlsOptions options)
    {
        if (options.Factors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Factors must be at least 1, not {options.Factors}.");
        }

        if (options.Iterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Iterations must not be negative, not {options.Iterations}.");
        }

        if (!(options.Regularization >= 0f) || !float.IsFinite(options.Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Regularization must be a finite number >= 0, not {options.Regularization}.");
        }

        if (options.Solver == AlsSolverKind.Cholesky && options.Regularization <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The Cholesky solver needs Regularization > 0, so that every row system is positive definite.");
        }

        if (options.CgSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"CgSteps must be at least 1, not {options.CgSteps}.");
        }

        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Threads must be 0 (all processors) or more, not {options.Threads}.");
        }

        if ((long)userItems.Rows * options.Factors > Array.MaxLength || (long)userItems.Columns * options.Factors > Array.MaxLength)
        {
            throw new ArgumentException($"{userItems.Rows} x {userItems.Columns} with {options.Factors} factors exceeds the largest factor array.");
        }

        // The kernels read factor rows without bounds checks, so every column index is checked once here.
        if (userItems.NonZeros > 0)
        {
            int min = TensorPrimitives.Min<int>(userItems.ColumnIndices);
            int max = TensorPrimitives.Max<int>(userItems.ColumnIndices);
            if (min < 0 || max >= userItems.Columns)
            {
                throw new ArgumentException($"The interaction matrix has column indices outside 0..{userItems.Columns - 1}.", nameof(userItems));
            }
        }
    }

    private static void EnsureFinite(float[] factors, string side, int iteration)
    {
        // x * 0 is 0 for finite x and NaN for NaN or infinity, so one vectorised sum detects both; only when the sum
        // is not finite (possibly just an overflow of large finite values) are the elements checked one by one.
        float probe = TensorPrimitives.Sum(factors.AsSpan()) * 0f;
        if (!float.IsFinite(probe) && !AllFinite(factors))
        {
            throw new AlsDivergedException(
                $"ALS diverged: {side} factors became NaN or infinite in the {side} half of iteration {iteration}; "
                + "check the input values for NaN/infinity and lower alpha or raise regularization.");
        }
    }

    private static bool AllFinite(float[] factors)
    {
        foreach (float v in factors)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
