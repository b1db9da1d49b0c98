using Recommender.Core.Als;

namespace Recommender.Core.Signal;

/// <summary>
/// Turns a users x items matrix of raw strengths into the matrix ALS is fitted on, following
/// <see cref="SignalOptions"/>: first the rating-to-preference step (drop or weigh down ratings below the
/// threshold), then the weighting, then the recency decay. Entries whose weight becomes 0 leave the matrix, so they
/// count as unobserved.
/// </summary>
public static class TrainingSignal
{
    /// <param name="userItems">The raw strengths.</param>
    /// <param name="options">The signal.</param>
    /// <param name="recency">
    /// <see cref="RecencyRanks"/> of the same rows; required when <see cref="SignalOptions.RecencyHalfLife"/> is set.
    /// </param>
    public static CsrMatrix Apply(CsrMatrix userItems, SignalOptions options, CsrMatrix? recency = null) => Apply(userItems, options, recency, out _);

    /// <param name="userItems">The raw strengths.</param>
    /// <param name="options">The signal.</param>
    /// <param name="recency">
    /// <see cref="RecencyRanks"/> of the same rows; required when <see cref="SignalOptions.RecencyHalfLife"/> is set.
    /// </param>
    /// <param name="statistics">
    /// Under TF-IDF and BM25 the statistics the weighting took from <paramref name="userItems"/>; null under the others.
    /// </param>
    public static CsrMatrix Apply(CsrMatrix userItems, SignalOptions options, CsrMatrix? recency, out SignalStatistics? statistics)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        statistics = null;
        if (options.IsIdentity)
        {
            return userItems;
        }

        if (options.RecencyHalfLife is float halfLife && (recency is null || recency.NonZeros != userItems.NonZeros || recency.Rows != userItems.Rows))
        {
            throw new ArgumentException($"Recency weighting (half-life {halfLife}) needs the recency ranks of the same interactions.", nameof(recency));
        }

        var weights = new float[userItems.NonZeros];
        ReadOnlySpan<float> values = userItems.Values;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = PreferenceWeight(values[i], options);
        }

        if (options.Weighting is InteractionWeighting.TfIdf or InteractionWeighting.Bm25)
        {
            statistics = Statistics(userItems, weights, options.Weighting);
            for (int u = 0; u < userItems.Rows; u++)
            {
                int start = userItems.RowPointers[u];
                int end = userItems.RowPointers[u + 1];
                float length = statistics.UserLengths is float[] lengths ? lengths[u] : 0f;
                WeighUser(weights.AsSpan(start, end - start), userItems.ColumnIndices.AsSpan(start, end - start), statistics.ItemIdf, options, statistics.AverageLength, length);
            }
        }

        if (options.RecencyHalfLife is float h)
        {
            Decay(recency!.Values, h, weights);
        }

        return WithoutZeros(userItems, weights);
    }

    /// <summary>
    /// Weighs one user's preference weights (<see cref="PreferenceWeight"/>) in place by the item statistics, as
    /// <see cref="Apply(CsrMatrix, SignalOptions, CsrMatrix?, out SignalStatistics?)"/> weighs each row. TF-IDF:
    /// sqrt(w) * idf[item]. BM25: w (k1 + 1) / (k1 norm + w) * idf[item], norm = (1 − b) + b * length / averageLength.
    /// A weight of 0 stays 0; other weightings leave the weights as they are.
    /// </summary>
    /// <param name="weights">The user's preference weights, weighed in place.</param>
    /// <param name="items">The item column of each weight.</param>
    /// <param name="itemIdf">Per item column: <see cref="SignalStatistics.ItemIdf"/>.</param>
    /// <param name="options">The weighting and its BM25 k1 and b.</param>
    /// <param name="averageLength">BM25: <see cref="SignalStatistics.AverageLength"/>; ignored under TF-IDF.</param>
    /// <param name="userLength">BM25: the user's length, the sum of their preference weights; ignored under TF-IDF.</param>
    public static void WeighUser(Span<float> weights, ReadOnlySpan<int> items, ReadOnlySpan<float> itemIdf, SignalOptions options, float averageLength, float userLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (items.Length != weights.Length)
        {
            throw new ArgumentException($"{weights.Length} weights for {items.Length} items.", nameof(items));
        }

        switch (options.Weighting)
        {
            case InteractionWeighting.TfIdf:
                for (int n = 0; n < weights.Length; n++)
                {
                    weights[n] = weights[n] > 0 ? MathF.Sqrt(weights[n]) * itemIdf[items[n]] : 0f;
                }

                break;
            case InteractionWeighting.Bm25:
                float k1 = options.Bm25K1;
                float b = options.Bm25B;
                float norm = (1f - b) + (b * userLength / averageLength);
                for (int n = 0; n < weights.Length; n++)
                {
                    float tf = weights[n];
                    weights[n] = tf > 0 ? tf * (k1 + 1f) / ((k1 * norm) + tf) * itemIdf[items[n]] : 0f;
                }

                break;
        }
    }

    /// <summary>
    /// The weight of one strength after the rating-to-preference step and, under binary weighting, the binary step: a
    /// positive (at or above the threshold; every strength without one) keeps its strength, or 1 under binary; a
    /// strength below the threshold keeps the below-threshold factor of it, or the factor itself under binary. TF-IDF
    /// and BM25 weigh the result further per item (<see cref="WeighUser"/>).
    /// </summary>
    public static float PreferenceWeight(float strength, SignalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool positive = strength >= (options.PositiveThreshold ?? float.NegativeInfinity);
        return options.Weighting == InteractionWeighting.Binary
            ? (positive ? 1f : options.BelowThresholdWeight)
            : (positive ? strength : strength * options.BelowThresholdWeight);
    }

    /// <summary>
    /// Multiplies each weight by 0.5^(rank / half-life), the entries being in the same order in both matrices. The
    /// factor stops at <see cref="MinimumDecay"/>: however old, an interaction stays a positive preference whose
    /// confidence only approaches 1, rather than underflowing to 0 and leaving the matrix (or slowing the fit with
    /// subnormal numbers).
    /// </summary>
    private static void Decay(ReadOnlySpan<float> ranks, float halfLife, Span<float> weights)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] *= RecencyFactor(ranks[i], halfLife);
        }
    }

    /// <summary>The smallest recency factor (see <see cref="Decay"/>).</summary>
    public const float MinimumDecay = 1e-20f;

    /// <summary>0.5^(later / half-life), at least <see cref="MinimumDecay"/>: the factor of an interaction with <paramref name="later"/> later ones.</summary>
    public static float RecencyFactor(float later, float halfLife) => MathF.Max(MathF.Pow(0.5f, later / halfLife), MinimumDecay);

    /// <summary>
    /// The item idf and, under BM25, the user lengths and their average, taken from the preference weights of
    /// <paramref name="userItems"/>.
    /// </summary>
    private static SignalStatistics Statistics(CsrMatrix userItems, ReadOnlySpan<float> weights, InteractionWeighting weighting)
    {
        float[] idf = InverseUserFrequency(userItems, weights);
        if (weighting != InteractionWeighting.Bm25)
        {
            return new SignalStatistics(idf, null, 1f);
        }

        var lengths = new float[userItems.Rows];
        double total = 0;
        for (int u = 0; u < userItems.Rows; u++)
        {
            float sum = 0;
            for (int n = userItems.RowPointers[u]; n < userItems.RowPointers[u + 1]; n++)
            {
                sum += weights[n];
            }

            lengths[u] = sum;
            total += sum;
        }

        float average = userItems.Rows == 0 || total == 0 ? 1f : (float)(total / userItems.Rows);
        return new SignalStatistics(idf, lengths, average);
    }

    /// <summary>ln(1 + users / users-with-the-item) per item, counting only entries that kept a weight.</summary>
    private static float[] InverseUserFrequency(CsrMatrix userItems, ReadOnlySpan<float> weights)
    {
        var df = new int[userItems.Columns];
        ReadOnlySpan<int> columns = userItems.ColumnIndices;
        for (int i = 0; i < weights.Length; i++)
        {
            df[columns[i]] += weights[i] > 0 ? 1 : 0;
        }

        var idf = new float[userItems.Columns];
        for (int j = 0; j < idf.Length; j++)
        {
            idf[j] = df[j] == 0 ? 0f : MathF.Log(1f + ((float)userItems.Rows / df[j]));
        }

        return idf;
    }

    private static CsrMatrix WithoutZeros(CsrMatrix source, ReadOnlySpan<float> weights)
    {
        int kept = 0;
        foreach (float w in weights)
        {
            kept += w > 0 ? 1 : 0;
        }

        var pointers = new int[source.Rows + 1];
        var columns = new int[kept];
        var values = new float[kept];
        int next = 0;
        for (int u = 0; u < source.Rows; u++)
        {
            for (int n = source.RowPointers[u]; n < source.RowPointers[u + 1]; n++)
            {
                if (weights[n] > 0)
                {
                    columns[next] = source.ColumnIndices[n];
                    values[next++] = weights[n];
                }
            }

            pointers[u + 1] = next;
        }

        return new CsrMatrix(source.Rows, source.Columns, pointers, columns, values);
    }
}
