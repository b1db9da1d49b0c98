using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Recommender.Core.Artifacts;
using Recommender.Core.Rules;
using Recommender.Core.Serving;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Rules;

/// <summary>
/// The query parameters includeGenres and excludeGenres (comma-separated genre names, any letter case). A name the
/// serving model does not know is refused with the list of known genres rather than matching nothing, so a typo is
/// told, not answered with an empty or unfiltered list.
/// </summary>
public static class GenreFilterQuery
{
    public const string Include = "includeGenres";
    public const string Exclude = "excludeGenres";

    /// <summary>Reads both parameters; on failure, a 400 naming the field.</summary>
    public static bool TryParse(IQueryCollection query, out GenreFilter filter, out ProblemHttpResult? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        filter = GenreFilter.None;
        problem = null;
        if (!TryParseList(query, Include, out IReadOnlyList<string> include, out problem)
            || !TryParseList(query, Exclude, out IReadOnlyList<string> exclude, out problem))
        {
            return false;
        }

        filter = include.Count == 0 && exclude.Count == 0 ? GenreFilter.None : new GenreFilter(include, exclude);
        return true;
    }

    /// <summary>A 400 naming the field and the known genres when the filter names a genre <paramref name="model"/> lacks; else null.</summary>
    public static ProblemHttpResult? CheckKnown(GenreFilter filter, ServingModel model)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(model);
        return CheckKnown(Include, filter.Include, model) ?? CheckKnown(Exclude, filter.Exclude, model);
    }

    private static ProblemHttpResult? CheckKnown(string field, IReadOnlyList<string> names, ServingModel model)
    {
        if (names.Count == 0)
        {
            return null;
        }

        ItemGenres? genres = model.Package.Genres;
        if (genres is null)
        {
            return Problems.BadRequest($"{field} cannot be applied: model version {model.Version} has no item genres.", field);
        }

        var unknown = new List<string>();
        foreach (string name in names)
        {
            if (!genres.TryGetId(name, out _))
            {
                unknown.Add(name);
            }
        }

        return unknown.Count == 0
            ? null
            : Problems.BadRequest($"{field} names unknown genres ({string.Join(", ", unknown)}); known genres: {string.Join(", ", genres.Known)}.", field);
    }

    private static bool TryParseList(IQueryCollection query, string field, out IReadOnlyList<string> names, out ProblemHttpResult? problem)
    {
        problem = null;
        names = [];
        if (!query.TryGetValue(field, out StringValues values))
        {
            return true;
        }

        // A repeated parameter joins with commas, which is what a list means anyway.
        if (!GenreFilter.TryParseList(values.ToString(), out names, out string? error))
        {
            problem = Problems.BadRequest($"{field} {error}.", field);
            return false;
        }

        return true;
    }
}
