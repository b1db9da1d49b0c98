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

    /// <summary>On a GPU device, also log each kernel stage's time per iteration (the device is awaited after every stage).</summary>
    public bool KernelProfile { get; init; }

    /// <summary>ALS options; the benchmark default is 5 iterations.</summary>
    public AlsOptions Options { get; init; } = new() { Iterations = 5 };
}
