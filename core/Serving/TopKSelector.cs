using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Core.Serving;

/// <summary>
/// Partial top-K selection over a score vector: the indices of the K largest scores, best first, ties broken by
/// the smaller index. Items scored negative infinity or NaN are masked and never selected.
/// </summary>
public static class TopKSelector
{
    /// <summary>
    /// Writes the indices of up to <c>destination.Length</c> best-scored items into <paramref name="destination"/>
    /// and returns how many were written (fewer when fewer items are unmasked). O(n log K), no allocation.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> destination)
    {
        int k = destination.Length;
        if (k == 0)
        {
            return 0;
        }

        // A heap of the best K seen so far with the worst of them at the root, so each newcomer is
        // compared with one element; indices come in ascending order, so a tie never displaces.
        int size = 0;
        int i = 0;
        for (; i < scores.Length && size < k; i++)
        {
            Offer(scores, destination, i, ref size);
        }

        // Once the heap is full almost every item loses to its root: compare a vector of scores with the root at once
        // and look at single items only when one of them beats it (a NaN or masked score never does).
        ref float first = ref MemoryMarshal.GetReference(scores);
        if (Vector.IsHardwareAccelerated && size == k)
        {
            for (; i + Vector<float>.Count <= scores.Length; i += Vector<float>.Count)
            {
                if (Vector.GreaterThanAny(Vector.LoadUnsafe(ref first, (nuint)i), new Vector<float>(scores[destination[0]])))
                {
                    for (int lane = i; lane < i + Vector<float>.Count; lane++)
                    {
                        Offer(scores, destination, lane, ref size);
                    }
                }
            }
        }

        for (; i < scores.Length; i++)
        {
            Offer(scores, destination, i, ref size);
        }

        // Heap sort: moving the worst to the back each time leaves the best first.
        for (int end = size - 1; end > 0; end--)
        {
            (destination[0], destination[end]) = (destination[end], destination[0]);
            SiftDown(scores, destination, 0, end);
        }

        return size;
    }

    /// <summary>As <see cref="Select(ReadOnlySpan{float}, Span{int})"/>, also copying the selected scores into <paramref name="selectedScores"/>.</summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> destination, Span<float> selectedScores)
    {
        if (selectedScores.Length < destination.Length)
        {
            throw new ArgumentException("The score destination must be at least as long as the index destination.", nameof(selectedScores));
        }

        int count = Select(scores, destination);
        for (int i = 0; i < count; i++)
        {
            selectedScores[i] = scores[destination[i]];
        }

        return count;
    }

    /// <summary>Puts item i into the heap when it is unmasked and the heap has room or i beats its worst item.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(ReadOnlySpan<float> scores, Span<int> heap, int i, ref int size)
    {
        float score = scores[i];
        if (float.IsNaN(score) || float.IsNegativeInfinity(score))
        {
            return;
        }

        if (size < heap.Length)
        {
            heap[size] = i;
            SiftUp(scores, heap, size);
            size++;
        }
        else if (score > scores[heap[0]])
        {
            heap[0] = i;
            SiftDown(scores, heap, 0, size);
        }
    }

    /// <summary>True when item a ranks below item b: a lower score, or an equal score and a larger index.</summary>
    private static bool Worse(ReadOnlySpan<float> scores, int a, int b)
    {
        float sa = scores[a];
        float sb = scores[b];
        return sa < sb || (sa == sb && a > b);
    }

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int position)
    {
        int item = heap[position];
        while (position > 0)
        {
            int parent = (position - 1) >> 1;
            if (!Worse(scores, item, heap[parent]))
            {
                break;
            }

            heap[position] = heap[parent];
            position = parent;
        }

        heap[position] = item;
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int position, int size)
    {
        int item = heap[position];
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && Worse(scores, heap[child + 1], heap[child]))
            {
                child++;
            }

            if (!Worse(scores, heap[child], item))
            {
                break;
            }

            heap[position] = heap[child];
            position = child;
        }

        heap[position] = item;
    }
}
