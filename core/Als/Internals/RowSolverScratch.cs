namespace Recommender.Core.Als.Internals;

/// <summary>
/// Per-worker buffers of the row solvers, allocated once per fit so that no row allocates. The CG vectors start on
/// cache lines, so the 64-factor kernels' 512-bit loads of them never split.
/// </summary>
internal sealed class RowSolverScratch(int factors)
{
    private readonly AlignedFloats _vectors = new(3 * Stride(factors));

    public Span<float> Residual => _vectors.Span.Slice(0, factors);

    public Span<float> Direction => _vectors.Span.Slice(Stride(factors), factors);

    public Span<float> Product => _vectors.Span.Slice(2 * Stride(factors), factors);

    /// <summary>The explicit row system, f x f (Cholesky only).</summary>
    public float[] System { get; } = new float[factors * factors];

    /// <summary>The Cholesky factor (upper, row-major) in double precision, f x f (Cholesky only).</summary>
    public double[] Factor { get; } = new double[factors * factors];

    public double[] Vector { get; } = new double[factors];

    /// <summary>Floats from one vector's start to the next's: f rounded up to whole 64-byte lines.</summary>
    private static int Stride(int factors) => (factors + 15) / 16 * 16;
}
