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
    public ComputeDeviceInfo Device => CpuDeviceInfo.Current;

    public AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        AlsInputValidation.Validate(userItems, options);

        int f = options.Factors;
        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        CsrMatrix itemUsers = userItems.Transpose();
        float[] userConfidence = ConfidenceMinusOne(userItems.Values, options);
        float[] itemConfidence = ConfidenceMinusOne(itemUsers.Values, options);
        float[] userFactors = new float[(long)userItems.Rows * f];
        float[] itemFactors = new float[(long)userItems.Columns * f];
        FactorInitialiser.Initialise(userFactors, itemFactors, options.Seed, options.InitScale);

        // The solvers work on 64-byte-aligned copies (whole cache lines per factor row); the arrays get the result.
        var users = new AlignedFloats(userFactors.Length);
        var items = new AlignedFloats(itemFactors.Length);
        userFactors.CopyTo(users.Span);
        itemFactors.CopyTo(items.Span);

        var context = new FitContext(f, workers, Math.Max(userItems.Rows, userItems.Columns));
        var userHalf = new HalfIteration(userItems, userConfidence, items.Memory, users.Memory, context.Gram.Memory, f, HalfIteration.RowLambdas(userItems, options));
        var itemHalf = new HalfIteration(itemUsers, itemConfidence, users.Memory, items.Memory, context.Gram.Memory, f, HalfIteration.RowLambdas(itemUsers, options));
        int[] userChunks = RowChunks.Build(userItems, f);
        int[] itemChunks = RowChunks.Build(itemUsers, f);

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            long started = Stopwatch.GetTimestamp();
            SolveHalf(userHalf, userChunks, userItems.Columns, options, context, cancellationToken);
            EnsureFinite(users.Span, "user", iteration);
            SolveHalf(itemHalf, itemChunks, userItems.Rows, options, context, cancellationToken);
            EnsureFinite(items.Span, "item", iteration);
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            // The optional loss is timed apart from the iteration, so seconds per iteration stay comparable.
            double? loss = null;
            if (options.ComputeLoss)
            {
                users.Span.CopyTo(userFactors);
                items.Span.CopyTo(itemFactors);
                loss = AlsLoss.Compute(userItems, userConfidence, userFactors, itemFactors, f, options.Regularization, workers, cancellationToken);
            }

            progress?.Report(new AlsIterationReport(iteration, seconds, loss));
        }

        users.Span.CopyTo(userFactors);
        items.Span.CopyTo(itemFactors);
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

    private static void EnsureFinite(ReadOnlySpan<float> factors, string side, int iteration)
    {
        // x * 0 is 0 for finite x and NaN for NaN or infinity, so one vectorised sum detects both; only when the sum
        // is not finite (possibly just an overflow of large finite values) are the elements checked one by one.
        float probe = TensorPrimitives.Sum(factors) * 0f;
        if (!float.IsFinite(probe) && !AllFinite(factors))
        {
            throw new AlsDivergedException(
                $"ALS diverged: {side} factors became NaN or infinite in the {side} half of iteration {iteration}; "
                + "check the input values for NaN/infinity and lower alpha or raise regularization.");
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> factors)
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
