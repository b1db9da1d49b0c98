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
    public static CsrMatrix Apply(CsrMatrix userItems, SignalOptions options, CsrMatrix? recency = null)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
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

        switch (options.Weighting)
        {
            case InteractionWeighting.TfIdf:
                TfIdf(userItems, weights);
                break;
            case InteractionWeighting.Bm25:
                Bm25(userItems, weights, options.Bm25K1, options.Bm25B);
                break;
        }

        if (options.RecencyHalfLife is float h)
        {
            Decay(recency!.Values, h, weights);
        }

        return WithoutZeros(userItems, weights);
    }

    /// <summary>
    /// The weight of one strength after the rating-to-preference step and, under binary weighting, the binary step: a
    /// positive (at or above the threshold; every strength without one) keeps its strength, or 1 under binary; a
    /// strength below the threshold keeps the below-threshold factor of it, or the factor itself under binary. TF-IDF
    /// and BM25 weigh the result further per item (<see cref="Apply"/>).
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

    private static void TfIdf(CsrMatrix userItems, Span<float> weights)
    {
        float[] idf = InverseUserFrequency(userItems, weights);
        ReadOnlySpan<int> columns = userItems.ColumnIndices;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = weights[i] > 0 ? MathF.Sqrt(weights[i]) * idf[columns[i]] : 0f;
        }
    }

    private static void Bm25(CsrMatrix userItems, Span<float> weights, float k1, float b)
    {
        float[] idf = InverseUserFrequency(userItems, weights);
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
        ReadOnlySpan<int> columns = userItems.ColumnIndices;
        for (int u = 0; u < userItems.Rows; u++)
        {
            float norm = (1f - b) + (b * lengths[u] / average);
            for (int n = userItems.RowPointers[u]; n < userItems.RowPointers[u + 1]; n++)
            {
                float tf = weights[n];
                weights[n] = tf > 0 ? tf * (k1 + 1f) / ((k1 * norm) + tf) * idf[columns[n]] : 0f;
            }
        }
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
