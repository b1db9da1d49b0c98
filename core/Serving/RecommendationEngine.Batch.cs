using System.Buffers;

namespace Recommender.Core.Serving;

/// <summary>Several users' top-K in one pass over the item factors.</summary>
public static partial class RecommendationEngine
{
    /// <summary>
    /// Recommends for every request at once, reading the item factors (or their int8 codes) once for the whole batch;
    /// <paramref name="written"/>[q] is how many items request q got. Each result equals what
    /// <see cref="Recommend(ServingModel, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, float?, Span{ScoredItem})"/>
    /// returns for that request alone: same items, same scores, same order.
    /// </summary>
    public static void RecommendBatch(ServingModel model, ReadOnlySpan<RecommendRequest> requests, Span<int> written) =>
        RecommendBatch(model, requests, written, ScoringPath.Auto);

    /// <summary>As the public overload, on a chosen scoring path.</summary>
    internal static void RecommendBatch(ServingModel model, ReadOnlySpan<RecommendRequest> requests, Span<int> written, ScoringPath path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (written.Length < requests.Length)
        {
            throw new ArgumentException($"{written.Length} counts cannot hold {requests.Length} requests.", nameof(written));
        }

        foreach (RecommendRequest request in requests)
        {
            if (request.UserVector.Length != model.Factors)
            {
                throw new ArgumentException($"User vector has {request.UserVector.Length} factors; the model has {model.Factors}.", nameof(requests));
            }
        }

        if (path == ScoringPath.Auto)
        {
            path = ScoringPaths.Preferred;
        }

        int b = requests.Length;
        RecommendRequest[] fast = ArrayPool<RecommendRequest>.Shared.Rent(b);
        int[] fastAt = ArrayPool<int>.Shared.Rent(b);
        int[] fastWritten = ArrayPool<int>.Shared.Rent(b);
        int[] exactAt = ArrayPool<int>.Shared.Rent(b);
        try
        {
            // As for one request: mixed mode needs every score (exact scan), and a query the int8 scan cannot take falls back.
            int fastCount = 0;
            int exactCount = 0;
            for (int q = 0; q < b; q++)
            {
                if (path != ScoringPath.Exact && requests[q].AlsShare is null && model.QuantizedItems is not null)
                {
                    fastAt[fastCount] = q;
                    fast[fastCount++] = requests[q];
                }
                else
                {
                    exactAt[exactCount++] = q;
                }
            }

            if (fastCount > 0)
            {
                QuantizedTopK.SelectBatch(model.QuantizedItems!, model.Package.Factors.ItemFactors, fast.AsSpan(0, fastCount), path, fastWritten);
                for (int i = 0; i < fastCount; i++)
                {
                    if (fastWritten[i] >= 0)
                    {
                        written[fastAt[i]] = fastWritten[i];
                    }
                    else
                    {
                        exactAt[exactCount++] = fastAt[i];
                    }
                }
            }

            if (exactCount > 0)
            {
                ExactBatch(model, requests, exactAt.AsSpan(0, exactCount), written);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(exactAt);
            ArrayPool<int>.Shared.Return(fastWritten);
            ArrayPool<int>.Shared.Return(fastAt);
            ArrayPool<RecommendRequest>.Shared.Return(fast, clearArray: true);
        }
    }

    private static void ExactBatch(ServingModel model, ReadOnlySpan<RecommendRequest> requests, ReadOnlySpan<int> which, Span<int> written)
    {
        int f = model.Factors;
        int n = model.ItemCount;
        int b = which.Length;
        float[] queries = ArrayPool<float>.Shared.Rent(b * f);
        float[] rented = ArrayPool<float>.Shared.Rent(b * n);
        try
        {
            for (int i = 0; i < b; i++)
            {
                requests[which[i]].UserVector.Span.CopyTo(queries.AsSpan(i * f, f));
            }

            ItemScoring.ScoreAllBatch(queries.AsSpan(0, b * f), f, model.Package.Factors.ItemFactors, rented.AsSpan(0, b * n));
            for (int i = 0; i < b; i++)
            {
                RecommendRequest request = requests[which[i]];
                Span<float> scores = rented.AsSpan(i * n, n);
                Mask(scores, request.Seen.Span);
                Mask(scores, request.Excluded.Span);
                if (request.AlsShare is float share)
                {
                    Blend(scores, model.NormalizedPopularity, share);
                }

                written[which[i]] = SelectTop(scores, request.Results.Span);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
            ArrayPool<float>.Shared.Return(queries);
        }
    }
}
