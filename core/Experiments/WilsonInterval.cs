namespace Recommender.Core.Experiments;

/// <summary>
/// The Wilson score interval of a binomial proportion. Unlike the normal approximation it stays inside [0, 1] and is
/// sensible for small counts and rates near 0, which is where like rates of a fresh variant live.
/// </summary>
public readonly record struct WilsonInterval(double Low, double High)
{
    /// <summary>z of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/>; [0, 1] when there are no trials.</summary>
    public static WilsonInterval Of(long successes, long trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new(0, 1);
        }

        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
