using System.Buffers;
using Recommender.Core.Artifacts;
using Recommender.Core.Serving;

namespace Recommender.Core.Rules;

/// <summary>
/// What one request keeps out besides seen and disliked items: the blocked items (an operator's rule) and the
/// request's genre filter. The recommender resolves it against the serving model and masks those items before
/// top-K, so a filtered answer still has K items when the catalogue has them.
/// </summary>
public sealed record ItemFilter(IReadOnlySet<string> BlockedItems, GenreFilter Genres)
{
    public static ItemFilter None { get; } = new(new HashSet<string>(StringComparer.Ordinal), GenreFilter.None);

    /// <summary>
    /// The items of <paramref name="model"/> this filter removes, plus <paramref name="alsoExcluded"/> (a user's
    /// dislikes): blocked items and <paramref name="alsoExcluded"/> as indices, the genre filter as a bit per item
    /// built from the model's per-genre item sets (<see cref="ItemGenres.AddItemsOf"/>), so a request ORs a set per
    /// genre it names and never tests the catalogue item by item. Unknown genre names match no item. Dispose the
    /// result when the request is done with it: its bits are pooled.
    /// </summary>
    public ResolvedItemFilter Resolve(ServingModel model, ReadOnlySpan<int> alsoExcluded)
    {
        ArgumentNullException.ThrowIfNull(model);
        int[] indices = Indices(model, alsoExcluded);
        if (Genres.IsEmpty)
        {
            return new ResolvedItemFilter(indices, null, 0);
        }

        int words = ItemBits.Words(model.ItemCount);
        ulong[] rented = ArrayPool<ulong>.Shared.Rent(words);
        Span<ulong> removed = rented.AsSpan(0, words);
        removed.Clear();
        ItemGenres? genres = model.Package.Genres;
        if (Genres.Include.Count > 0)
        {
            // The items with an included genre, then turned around: everything else is removed. Without genres, or
            // with only unknown names, nothing is included, so everything is removed.
            AddItemsOf(genres, Genres.Include, removed);
            ItemBits.Invert(removed, model.ItemCount);
        }

        AddItemsOf(genres, Genres.Exclude, removed);
        return new ResolvedItemFilter(indices, rented, words);
    }

    private int[] Indices(ServingModel model, ReadOnlySpan<int> alsoExcluded)
    {
        if (BlockedItems.Count == 0)
        {
            return alsoExcluded.ToArray();
        }

        int[] excluded = new int[BlockedItems.Count + alsoExcluded.Length];
        int count = 0;
        foreach (string id in BlockedItems)
        {
            // A blocked id the model does not know (blocked ahead of a later model) has nothing to mask here.
            if (model.Package.Items.TryGetIndex(id, out int index))
            {
                excluded[count++] = index;
            }
        }

        alsoExcluded.CopyTo(excluded.AsSpan(count));
        count += alsoExcluded.Length;
        return count == excluded.Length ? excluded : excluded[..count];
    }

    private static void AddItemsOf(ItemGenres? genres, IReadOnlyList<string> names, Span<ulong> items)
    {
        if (genres is null)
        {
            return;
        }

        foreach (string name in names)
        {
            if (genres.TryGetId(name, out int id))
            {
                genres.AddItemsOf(id, items);
            }
        }
    }
}
