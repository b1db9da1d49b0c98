using BenchmarkDotNet.Attributes;
using Recommender.Core.Als.Internals;

namespace Recommender.Benchmarks.Als;

/// <summary>
/// The CPU ALS half-iteration's kernels at f = 64: the Gram matrix of 27,000 item rows, and one CG product pass
/// (dot then axpy per nonzero) over a row of 370 nonzeros, the mean item degree of the 138,000 x 27,000 x 10M benchmark.
/// The factor matrix is cache-line aligned, as the fitter's working copies are.
/// They run the kernel set the CPU gets (FactorKernelSets); <c>DOTNET_EnableAVX512=0</c> measures the AVX2 set on an AVX-512 CPU.
/// </summary>
[MemoryDiagnoser]
public class AlsKernelBenchmarks
{
    private const int Factors = 64;
    private const int Rows = 27_000;
    private const int RowNonZeros = 370;
    private readonly AlignedFloats _fixed = new(Rows * Factors);
    private readonly float[] _gram = new float[Factors * Factors];
    private readonly int[] _columns = new int[RowNonZeros];
    private readonly float[] _confidence = new float[RowNonZeros];
    private readonly float[] _vector = new float[Factors];
    private readonly float[] _accumulator = new float[Factors];
    private GramMatrix _builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        Span<float> factors = _fixed.Span;
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        for (int n = 0; n < RowNonZeros; n++)
        {
            _columns[n] = random.Next(Rows);
            _confidence[n] = 1 + random.Next(5);
        }

        Array.Sort(_columns);
        for (int a = 0; a < Factors; a++)
        {
            _vector[a] = (float)(random.NextDouble() - 0.5);
        }

        _builder = new GramMatrix(Factors, Rows);
    }

    [Benchmark]
    public float Gram()
    {
        _builder.Compute(_fixed.Memory, Rows, 0.05f, _gram, workers: 1, CancellationToken.None);
        return _gram[0];
    }

    [Benchmark]
    public float SparsePass()
    {
        Array.Clear(_accumulator);
        FactorKernels.AccumulateSparse(_columns, _confidence, _fixed.Span, _vector, _accumulator, Factors, residual: false);
        return _accumulator[0];
    }

    [Benchmark]
    public float GramTimes()
    {
        FactorKernels.GramTimes(_gram, _vector, _accumulator, 1f, Factors);
        return _accumulator[0];
    }
}
