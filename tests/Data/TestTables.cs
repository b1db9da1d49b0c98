using System.Text;
using Recommender.Core.Data;

namespace Recommender.Tests.Data;

/// <summary>Builds interaction tables from inline file text through the real loader.</summary>
internal static class TestTables
{
    public static InteractionTable Load(string text, string name = "ratings.csv", RatingsLoadOptions? options = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return RatingsLoader.Load(stream, name, options);
    }

    /// <summary>A MovieLens ratings.csv table from "user,item,rating,timestamp" lines.</summary>
    public static InteractionTable MovieLens(params string[] rows) =>
        Load("userId,movieId,rating,timestamp\n" + string.Join('\n', rows) + "\n");
}
