namespace Recommender.Core.Als.Internals;

/// <summary>
/// One half of an ALS iteration: solve every row of <see cref="SolvedMemory"/> against the fixed other side.
/// Row u's system is (Gram + lambda_u I + Y^T (C_u - I) Y) x = Y^T C_u p(u), with Gram = w Y^T Y + lambda I when every
/// row shares lambda, or Gram = w Y^T Y and a per-row lambda_u (<see cref="RowLambda"/>) under frequency scaling.
/// The factor buffers are memory rather than arrays so the fitter can hand in 64-byte-aligned ones.
/// </summary>
internal sealed class HalfIteration(CsrMatrix matrix, float[] confidenceMinusOne, Memory<float> fixedFactors, Memory<float> solved, Memory<float> gram, int factors, float[]? rowLambda = null)
{
    /// <summary>Per-row L2 weights added to the diagonal, or null when lambda is already in <see cref="Gram"/>.</summary>
    public float[]? RowLambda { get; } = rowLambda;

    /// <summary>The extra diagonal weight of <paramref name="row"/>: 0 unless regularisation is scaled per row.</summary>
    public float ExtraLambda(int row) => RowLambda is null ? 0f : RowLambda[row];

    /// <summary>lambda_u = options' row regularisation for each row of <paramref name="matrix"/>, or null when all rows share lambda.</summary>
    public static float[]? RowLambdas(CsrMatrix matrix, AlsOptions options)
    {
        if (!options.ScalesRegularization)
        {
            return null;
        }

        var lambdas = new float[matrix.Rows];
        for (int row = 0; row < lambdas.Length; row++)
        {
            lambdas[row] = options.RowRegularization(matrix.RowPointers[row + 1] - matrix.RowPointers[row], matrix.Columns);
        }

        return lambdas;
    }

    /// <summary>Rows to solve; its columns index rows of <see cref="Fixed"/>.</summary>
    public CsrMatrix Matrix { get; } = matrix;

    /// <summary>c - 1 for every stored value of <see cref="Matrix"/>, aligned with its values.</summary>
    public float[] ConfidenceMinusOne { get; } = confidenceMinusOne;

    /// <summary>The factors held fixed (Y), row-major.</summary>
    public Memory<float> FixedMemory { get; } = fixedFactors;

    /// <summary>w Y^T Y (+ lambda I when shared), f x f row-major; rewritten at the start of each half.</summary>
    public Memory<float> GramMemory { get; } = gram;

    /// <summary>The factors being solved (X), row-major; also the warm start of the CG solver.</summary>
    public Memory<float> SolvedMemory { get; } = solved;

    public ReadOnlySpan<float> Fixed => FixedMemory.Span;

    public ReadOnlySpan<float> Gram => GramMemory.Span;

    public int Factors { get; } = factors;

    public ReadOnlySpan<int> Columns(int row) => Matrix.RowColumns(row);

    public ReadOnlySpan<float> Confidences(int row)
    {
        int start = Matrix.RowPointers[row];
        return ConfidenceMinusOne.AsSpan(start, Matrix.RowPointers[row + 1] - start);
    }

    public Span<float> Row(int row) => SolvedMemory.Span.Slice(row * Factors, Factors);
}
