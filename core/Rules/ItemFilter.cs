using Recommender.Core.Artifacts;
using Recommender.Core.Serving;

namespace Recommender.Core.Rules;

/// <summary>
/// What one request keeps out besides seen and disliked items: the blocked items (an operator's rule) and the
/// request's genre filter. The recommender resolves it to item indices of the serving model and masks them before
/// top-K, so a filtered answer still has K items when the catalogue has them.
/// </summary>
public sealed record ItemFilter(IReadOnlySet<string> BlockedItems, GenreFilter Genres)
{
    public static ItemFilter None { get; } = new(new HashSet<string>(StringComparer.Ordinal), GenreFilter.None);

    /// <summary>
    /// The indices of <paramref name="model"/>'s items this filter removes, followed by <paramref name="alsoExcluded"/>
    /// (a user's dislikes), as one list for the engine's exclusion mask. Unknown genre names match no item.
    /// </summary>
    public int[] ExcludedIndices(ServingModel model, ReadOnlySpan<int> alsoExcluded)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (BlockedItems.Count == 0 && Genres.IsEmpty)
        {
            return alsoExcluded.ToArray();
        }

        var excluded = new List<int>(BlockedItems.Count + alsoExcluded.Length);
        foreach (string id in BlockedItems)
        {
            // A blocked id the model does not know (blocked ahead of a later model) has nothing to mask here.
            if (model.Package.Items.TryGetIndex(id, out int index))
            {
                excluded.Add(index);
            }
        }

        if (!Genres.IsEmpty)
        {
            AddGenreExclusions(model, excluded);
        }

        foreach (int item in alsoExcluded)
        {
            excluded.Add(item);
        }

        return [.. excluded];
    }

    private void AddGenreExclusions(ServingModel model, List<int> excluded)
    {
        int[] include = GenreIds(model.Package.Genres, Genres.Include);
        int[] exclude = GenreIds(model.Package.Genres, Genres.Exclude);
        ItemGenres? genres = model.Package.Genres;
        for (int item = 0; item < model.ItemCount; item++)
        {
            // Without genres no item has the included genres; an include list of only unknown names keeps nothing.
            bool included = Genres.Include.Count == 0 || (genres is not null && genres.HasAny(item, include));
            bool dropped = genres is not null && exclude.Length > 0 && genres.HasAny(item, exclude);
            if (!included || dropped)
            {
                excluded.Add(item);
            }
        }
    }

    private static int[] GenreIds(ItemGenres? genres, IReadOnlyList<string> names)
    {
        if (genres is null)
        {
            return [];
        }

        var ids = new List<int>(names.Count);
        foreach (string name in names)
        {
            if (genres.TryGetId(name, out int id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }
}
