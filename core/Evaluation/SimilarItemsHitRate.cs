using System.Numerics.Tensors;
using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Serving;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Held-out co-occurrence hit rate of "similar items": for each user with a held-out positive, the similar-items list
/// of their latest training positive (the anchor) is a hit when it contains the held-out item, the item the user
/// actually went on to like. It measures whether the list holds items people who liked the anchor accept.
/// </summary>
public sealed class SimilarItemsHitRate
{
    private readonly int[] _anchors;
    private readonly int[] _targets;
    private readonly int[] _support;

    private SimilarItemsHitRate(int[] anchors, int[] targets, int[] support)
    {
        _anchors = anchors;
        _targets = targets;
        _support = support;
    }

    /// <summary>(anchor, held-out item) pairs measured.</summary>
    public int Pairs => _anchors.Length;

    /// <summary>
    /// The pairs of a leave-last-out split: each user's latest positive is the target and the positive before it the
    /// anchor; support counts the users of each item among <paramref name="trainRows"/>.
    /// </summary>
    public static SimilarItemsHitRate FromLeaveLastOut(InteractionTable table, float minRating, ReadOnlySpan<int> trainRows)
    {
        ArgumentNullException.ThrowIfNull(table);
        var positives = new PositivesByUser(table, minRating);
        var anchors = new List<int>();
        var targets = new List<int>();
        for (int u = 0; u < positives.UserCount; u++)
        {
            ReadOnlySpan<int> rows = positives.RowsOf(u);
            if (rows.Length >= 2)
            {
                anchors.Add(table.ItemIndices[rows[^2]]);
                targets.Add(table.ItemIndices[rows[^1]]);
            }
        }

        var support = new int[table.Items.Count];
        foreach (int row in trainRows)
        {
            support[table.ItemIndices[row]]++;
        }

        return new SimilarItemsHitRate([.. anchors], [.. targets], support);
    }

    /// <summary>The share of pairs whose target is among the anchor's top <paramref name="k"/> similar items, for each option set.</summary>
    public double[] Measure(AlsFactors factors, int k, IReadOnlyList<SimilarItemsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(options);
        int items = factors.Items;
        var norms = new float[items];
        for (int i = 0; i < items; i++)
        {
            norms[i] = TensorPrimitives.Norm(factors.Item(i));
        }

        var hits = new int[options.Count];
        var cosines = new float[items];
        var adjusted = new float[items];
        var top = new int[k];
        for (int p = 0; p < _anchors.Length; p++)
        {
            int anchor = _anchors[p];
            ReadOnlySpan<float> query = factors.Item(anchor);
            for (int i = 0; i < items; i++)
            {
                float denominator = norms[anchor] * norms[i];
                cosines[i] = denominator > 0 ? TensorPrimitives.Dot(query, factors.Item(i)) / denominator : float.NegativeInfinity;
            }

            for (int o = 0; o < options.Count; o++)
            {
                cosines.CopyTo(adjusted, 0);
                options[o].Adjust(adjusted, _support);
                adjusted[anchor] = float.NegativeInfinity;
                int count = TopKSelector.Select(adjusted, top);
                hits[o] += top.AsSpan(0, count).Contains(_targets[p]) ? 1 : 0;
            }
        }

        var rates = new double[options.Count];
        for (int o = 0; o < rates.Length; o++)
        {
            rates[o] = _anchors.Length == 0 ? 0 : (double)hits[o] / _anchors.Length;
        }

        return rates;
    }
}
