namespace Recommender.Core.Serving;

/// <summary>Partial top-K selection over a score span, without sorting the whole span.</summary>
public static class TopKSelector
{
    /// <summary>
    /// Writes the indices of the <c>result.Length</c> largest scores into <paramref name="result"/>, best first
    /// (ties: lower index first). Scores that are NaN or negative infinity count as masked and are never selected.
    /// Returns how many indices were written (fewer than K when fewer items are unmasked).
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> result)
    {
        int k = result.Length;
        if (k == 0)
        {
            return 0;
        }

        // A min-heap of the best K so far; the root is the weakest kept item, so most items are rejected with one compare.
        int count = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float score = scores[i];
            if (float.IsNaN(score) || float.IsNegativeInfinity(score))
            {
                continue;
            }

            if (count < k)
            {
                result[count] = i;
                SiftUp(scores, result, count++);
            }
            else if (Better(scores, i, result[0]))
            {
                result[0] = i;
                SiftDown(scores, result[..count], 0);
            }
        }

        // Heap-sort the kept items so the best comes first.
        for (int end = count - 1; end > 0; end--)
        {
            (result[0], result[end]) = (result[end], result[0]);
            SiftDown(scores, result[..end], 0);
        }

        return count;
    }

    // "a ranks above b": higher score, or equal score and lower index.
    private static bool Better(ReadOnlySpan<float> scores, int a, int b) => scores[a] > scores[b] || (scores[a] == scores[b] && a < b);

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int node)
    {
        while (node > 0)
        {
            int parent = (node - 1) >> 1;
            if (!Better(scores, heap[parent], heap[node]))
            {
                return;
            }

            (heap[parent], heap[node]) = (heap[node], heap[parent]);
            node = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int node)
    {
        while (true)
        {
            int left = (2 * node) + 1;
            if (left >= heap.Length)
            {
                return;
            }

            int weakest = left + 1 < heap.Length && Better(scores, heap[left], heap[left + 1]) ? left + 1 : left;
            if (!Better(scores, heap[node], heap[weakest]))
            {
                return;
            }

            (heap[node], heap[weakest]) = (heap[weakest], heap[node]);
            node = weakest;
        }
    }
}
