namespace Recommender.Tests.TestSupport;

/// <summary>The one way tests wait: check a condition until it holds or a deadline passes, never a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    /// <summary>True as soon as <paramref name="condition"/> holds; false when it still does not at the deadline.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(_interval);
        }

        return await condition();
    }
}
