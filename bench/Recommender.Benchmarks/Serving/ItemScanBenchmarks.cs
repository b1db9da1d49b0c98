using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Recommender.Core.Serving;

namespace Recommender.Benchmarks.Serving;

/// <summary>
/// The exact scan's dot products against a plain read of the same 6.9 MB (27,000 x 64 floats): the read is the
/// bandwidth floor the scan can approach.
/// </summary>
[MemoryDiagnoser]
public class ItemScanBenchmarks
{
    private const int Items = 27_000;
    private const int Factors = 64;
    private readonly float[] _items = new float[Items * Factors];
    private readonly float[] _query = new float[Factors];
    private readonly float[] _scores = new float[Items];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _items.Length; i++)
        {
            _items[i] = (float)(random.NextDouble() - 0.5);
        }

        for (int i = 0; i < _query.Length; i++)
        {
            _query[i] = (float)(random.NextDouble() - 0.5);
        }
    }

    [Benchmark(Baseline = true)]
    public float StreamRead() => TensorPrimitives.Sum(_items);

    [Benchmark]
    public float ScoreAll()
    {
        ItemScoring.ScoreAll(_query, _items, _scores);
        return _scores[^1];
    }
}
