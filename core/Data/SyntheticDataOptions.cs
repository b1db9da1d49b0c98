namespace Recommender.Core.Data;

/// <summary>Size and seed of a synthetic MovieLens-format data set.</summary>
public sealed record SyntheticDataOptions
{
    /// <summary>Fewest interactions any generated user gets.</summary>
    public const int MinInteractionsPerUser = 5;

    /// <summary>Number of users. Default 2,000.</summary>
    public int Users { get; init; } = 2_000;

    /// <summary>Number of catalogue items. Default 1,500.</summary>
    public int Items { get; init; } = 1_500;

    /// <summary>Total rating rows. Default 100,000.</summary>
    public int Interactions { get; init; } = 100_000;

    /// <summary>Random seed; equal options give byte-identical files. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Exponent s of the Zipf-like popularity weight rank^-s: larger means a longer tail. Default 1.2.</summary>
    public double PopularitySkew { get; init; } = 1.2;

    /// <summary>How strongly planted taste (user-item affinity) drives choices: weight exp(TasteStrength * affinity). Default 3.</summary>
    public double TasteStrength { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentException"/> when the sizes cannot be generated.</summary>
    public void Validate()
    {
        if (Users < 1 || Items < 2 * MinInteractionsPerUser)
        {
            throw new ArgumentException($"Need at least 1 user and {2 * MinInteractionsPerUser} items (got {Users} users, {Items} items).");
        }

        if (!double.IsFinite(PopularitySkew) || PopularitySkew < 0 || !double.IsFinite(TasteStrength) || TasteStrength < 0)
        {
            throw new ArgumentException($"PopularitySkew and TasteStrength must be finite and non-negative (got {PopularitySkew}, {TasteStrength}).");
        }

        long min = (long)Users * MinInteractionsPerUser;
        long max = (long)Users * (Items / 2);
        if (Interactions < min || Interactions > max)
        {
            throw new ArgumentException(
                $"Interactions must lie in {min:N0}..{max:N0} for {Users:N0} users and {Items:N0} items (at least {MinInteractionsPerUser} per user, at most half the catalogue each); got {Interactions:N0}.");
        }
    }
}
