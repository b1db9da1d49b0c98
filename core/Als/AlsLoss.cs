using System.Numerics.Tensors;
using Recommender.Core.Als.Internals;

namespace Recommender.Core.Als;

/// <summary>
/// The implicit-ALS objective sum_{u,i} c_ui (p_ui - x_u . y_i)^2 + lambda (sum |x_u|^2 + sum |y_i|^2), over all
/// user-item pairs. The dense part sum_u x_u^T (Y^T Y) x_u covers every pair with p = 0 and c = 1; each stored pair
/// then adds c (1 - s)^2 - s^2 with s = x_u . y_i, so the cost is one half-iteration, not users x items.
/// </summary>
public static class AlsLoss
{
    /// <summary>The objective of <paramref name="factors"/> on <paramref name="userItems"/> under <paramref name="options"/>.</summary>
    public static double Compute(CsrMatrix userItems, AlsFactors factors, AlsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(options);
        if (factors.Users != userItems.Rows || factors.Items != userItems.Columns)
        {
            throw new ArgumentException("The factors do not match the shape of the interaction matrix.", nameof(factors));
        }

        int workers = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        float[] confidence = CpuAlsFitter.ConfidenceMinusOne(userItems.Values, options);
        return Compute(userItems, confidence, factors.UserFactors, factors.ItemFactors, factors.Factors, options.Regularization, workers, cancellationToken);
    }

    internal static double Compute(CsrMatrix userItems, float[] confidenceMinusOne, float[] userFactors, float[] itemFactors, int f, float lambda, int workers, CancellationToken cancellationToken)
    {
        var gram = new float[f * f];
        new GramMatrix(f, userItems.Columns).Compute(itemFactors, userItems.Columns, 0f, gram, workers, cancellationToken);

        int[] chunks = RowChunks.Build(userItems, f);
        var partials = new double[chunks.Length - 1];
        var buffers = new float[workers][];
        for (int w = 0; w < workers; w++)
        {
            buffers[w] = new float[f];
        }

        ParallelChunks.Run(partials.Length, workers, (worker, chunk) =>
        {
            Span<float> gx = buffers[worker];
            double sum = 0d;
            for (int u = chunks[chunk]; u < chunks[chunk + 1]; u++)
            {
                ReadOnlySpan<float> x = userFactors.AsSpan(u * f, f);
                FactorKernels.GramTimes(gram, x, gx, 1f, f);
                sum += TensorPrimitives.Dot<float>(x, gx);
                int start = userItems.RowPointers[u];
                int end = userItems.RowPointers[u + 1];
                for (int n = start; n < end; n++)
                {
                    double s = TensorPrimitives.Dot<float>(x, itemFactors.AsSpan(userItems.ColumnIndices[n] * f, f));
                    double c = 1d + confidenceMinusOne[n];
                    sum += (c * (1d - s) * (1d - s)) - (s * s);
                }
            }

            partials[chunk] = sum;
        }, cancellationToken);

        // Partials are added in chunk order, so the loss does not depend on the thread count either.
        double total = 0d;
        foreach (double partial in partials)
        {
            total += partial;
        }

        return total + (lambda * (SumOfSquares(userFactors) + SumOfSquares(itemFactors)));
    }

    /// <summary>Sum of squares accumulated in double, so small loss changes between iterations stay visible.</summary>
    private static double SumOfSquares(float[] values)
    {
        double sum = 0d;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
