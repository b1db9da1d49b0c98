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
}
