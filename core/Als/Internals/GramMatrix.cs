namespace Recommender.Core.Als.Internals;

/// <summary>
/// Computes scale * Y^T Y (+ lambda I) for a row-major factor matrix. Rows are cut into fixed blocks whose partial sums are
/// added in block order in double precision, so the result is the same whatever the thread count.
/// </summary>
internal sealed class GramMatrix
{
    private const int BlockRows = 1024;

    private readonly int _factors;
    private readonly float[] _partials;
    private readonly double[] _total;

    public GramMatrix(int factors, int maxRows)
    {
        _factors = factors;
        int blocks = Math.Max(1, (maxRows + BlockRows - 1) / BlockRows);
        _partials = new float[(long)blocks * factors * factors];
        _total = new double[factors * factors];
    }

    /// <summary>Writes scale * Y^T Y + lambda I (f x f, row-major) into <paramref name="output"/>.</summary>
    public void Compute(ReadOnlyMemory<float> factorRows, int rows, float lambda, Span<float> output, int workers, CancellationToken cancellationToken, float scale = 1f)
    {
        int f = _factors;
        int ff = f * f;
        int blocks = Math.Max(1, (rows + BlockRows - 1) / BlockRows);
        ParallelChunks.Run(blocks, workers, (_, block) =>
        {
            Span<float> partial = _partials.AsSpan(block * ff, ff);
            partial.Clear();
            int start = block * BlockRows;
            int end = Math.Min(rows, start + BlockRows);
            FactorKernels.AccumulateGram(factorRows.Span, start, end, partial, f);
        }, cancellationToken);

        Array.Clear(_total);
        for (int block = 0; block < blocks; block++)
        {
            ReadOnlySpan<float> partial = _partials.AsSpan(block * ff, ff);
            for (int k = 0; k < ff; k++)
            {
                _total[k] += partial[k];
            }
        }

        // The scale is applied to the double sum, so scale 1 gives exactly the plain Gram matrix.
        for (int k = 0; k < ff; k++)
        {
            output[k] = (float)(_total[k] * scale);
        }

        for (int a = 0; a < f; a++)
        {
            output[(a * f) + a] += lambda;
        }
    }
}
