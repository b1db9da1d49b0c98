using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Serving;

/// <summary>A loaded model version prepared for serving: item norms, popularity order and the item Gram matrix.</summary>
public sealed class ServingModel
{
    public ServingModel(ModelPackage package, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(package);
        Package = package;
        LoadedAt = loadedAt;
        AlsFactors factors = package.Factors;
        int f = factors.Factors;

        ItemNorms = new float[factors.Items];
        for (int i = 0; i < factors.Items; i++)
        {
            ItemNorms[i] = TensorPrimitives.Norm(factors.Item(i));
        }

        PopularityOrder = new int[factors.Items];
        for (int i = 0; i < PopularityOrder.Length; i++)
        {
            PopularityOrder[i] = i;
        }

        float[] keys = (float[])package.Popularity.Clone();
        TensorPrimitives.Negate(keys, keys);
        Array.Sort(keys, PopularityOrder);

        // Min-max normalised popularity, blended with ALS scores in mixed mode.
        NormalizedPopularity = new float[factors.Items];
        if (factors.Items > 0)
        {
            float min = TensorPrimitives.Min(package.Popularity);
            float range = TensorPrimitives.Max(package.Popularity) - min;
            for (int i = 0; i < NormalizedPopularity.Length; i++)
            {
                NormalizedPopularity[i] = range > 0 ? (package.Popularity[i] - min) / range : 0f;
            }
        }

        // The int8 copy scanned by the fast recommend path; a model with non-finite factors keeps the exact path only.
        if (f > 0 && (factors.ItemFactors.Length == 0 || float.IsFinite(TensorPrimitives.MaxMagnitude(factors.ItemFactors))))
        {
            QuantizedItems = new QuantizedItemFactors(factors.ItemFactors, factors.Items, f);
        }

        // Users per item: the support that similar items filter and shrink by.
        ItemSupport = new int[factors.Items];
        foreach (int item in package.SeenItems.ColumnIndices)
        {
            if ((uint)item < (uint)ItemSupport.Length)
            {
                ItemSupport[item]++;
            }
        }

        ItemGram = new float[f * f];
        for (int i = 0; i < factors.Items; i++)
        {
            ReadOnlySpan<float> y = factors.Item(i);
            for (int r = 0; r < f; r++)
            {
                TensorPrimitives.MultiplyAdd(y, y[r], ItemGram.AsSpan(r * f, f), ItemGram.AsSpan(r * f, f));
            }
        }
    }

    public ModelPackage Package { get; }

    public string Version => Package.Version;

    public DateTimeOffset LoadedAt { get; }

    public int ItemCount => Package.Items.Count;

    public int Factors => Package.Factors.Factors;

    /// <summary>L2 norm of each item vector, for cosine similarity.</summary>
    public float[] ItemNorms { get; }

    /// <summary>Item indices from most to least popular.</summary>
    public int[] PopularityOrder { get; }

    /// <summary>Popularity scaled to 0..1.</summary>
    public float[] NormalizedPopularity { get; }

    /// <summary>Int8 item factors for the fast recommend path; null when the factors are not all finite.</summary>
    public QuantizedItemFactors? QuantizedItems { get; }

    /// <summary>YtY (factors x factors), the shared part of every user's normal equations.</summary>
    public float[] ItemGram { get; }

    /// <summary>How many users interacted with each item (from the seen-items matrix).</summary>
    public int[] ItemSupport { get; }
}
