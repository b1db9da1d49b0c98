namespace Recommender.Core.Als.Internals;

/// <summary>Per-worker buffers of the row solvers, allocated once per fit so that no row allocates.</summary>
internal sealed class RowSolverScratch(int factors)
{
    public float[] Residual { get; } = new float[factors];

    public float[] Direction { get; } = new float[factors];

    public float[] Product { get; } = new float[factors];

    /// <summary>The explicit row system, f x f (Cholesky only).</summary>
    public float[] System { get; } = new float[factors * factors];

    /// <summary>The Cholesky factor (upper, row-major) in double precision, f x f (Cholesky only).</summary>
    public double[] Factor { get; } = new double[factors * factors];

    public double[] Vector { get; } = new double[factors];
}
