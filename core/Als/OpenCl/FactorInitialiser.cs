namespace Recommender.Core.Als.OpenCl;

/// <summary>
/// The seeded initial factors, identical to <see cref="CpuAlsFitter"/>'s (uniform [0, 0.01), users then items from
/// one System.Random), so both backends start from the same point. Kept in step with the CPU fitter by the test
/// OpenClAlsFitter_MatchesCpuFitter; the two copies should become one shared helper.
/// </summary>
internal static class FactorInitialiser
{
    private const float Scale = 0.01f;

    public static void Initialise(float[] userFactors, float[] itemFactors, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = random.NextSingle() * Scale;
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = random.NextSingle() * Scale;
        }
    }
}
