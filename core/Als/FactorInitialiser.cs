namespace Recommender.Core.Als;

/// <summary>
/// The seeded initial factors of every backend: uniform [0, scale) (0.01 by default, as the implicit library does), users then items from
/// one System.Random (a fixed, documented-stable sequence for an explicit seed), so all devices start from the same point.
/// </summary>
internal static class FactorInitialiser
{
    public static void Initialise(float[] userFactors, float[] itemFactors, int seed, float scale)
    {
        var random = new Random(seed);
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = random.NextSingle() * scale;
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = random.NextSingle() * scale;
        }
    }
}
