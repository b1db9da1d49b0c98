namespace Recommender.Core.Als;

/// <summary>Trained user and item factor matrices, row-major float32.</summary>
public sealed class AlsFactors
{
    public AlsFactors(int users, int items, int factors, float[] userFactors, float[] itemFactors)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(itemFactors);
        if (userFactors.Length != (long)users * factors || itemFactors.Length != (long)items * factors)
        {
            throw new ArgumentException("Factor arrays do not match the given shape.");
        }

        Users = users;
        Items = items;
        Factors = factors;
        UserFactors = userFactors;
        ItemFactors = itemFactors;
    }

    public int Users { get; }

    public int Items { get; }

    public int Factors { get; }

    /// <summary>[Users x Factors], row-major.</summary>
    public float[] UserFactors { get; }

    /// <summary>[Items x Factors], row-major.</summary>
    public float[] ItemFactors { get; }

    public ReadOnlySpan<float> User(int user) => UserFactors.AsSpan(user * Factors, Factors);

    public ReadOnlySpan<float> Item(int item) => ItemFactors.AsSpan(item * Factors, Factors);

    /// <summary>
    /// Factors drawn uniformly from [-0.5, 0.5), user rows first, from <paramref name="random"/> (which callers may go on
    /// drawing from): the stand-in for a trained model in benchmarks and tests of scoring.
    /// </summary>
    public static AlsFactors Uniform(int users, int items, int factors, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var userFactors = new float[users * factors];
        var itemFactors = new float[items * factors];
        for (int i = 0; i < userFactors.Length; i++)
        {
            userFactors[i] = (float)(random.NextDouble() - 0.5);
        }

        for (int i = 0; i < itemFactors.Length; i++)
        {
            itemFactors[i] = (float)(random.NextDouble() - 0.5);
        }

        return new AlsFactors(users, items, factors, userFactors, itemFactors);
    }
}
