using Recommender.Core.Evaluation;

namespace Recommender.Tests.Evaluation;

public class HeldOutSetTests
{
    private static HeldOutSet TenUsers()
    {
        // Users 0..9 each hold out items u and u + 10; user 3 holds out nothing.
        var users = new List<int>();
        var items = new List<int>();
        foreach (int u in Enumerable.Range(0, 10).Where(u => u != 3))
        {
            users.AddRange([u, u]);
            items.AddRange([u, u + 10]);
        }

        return HeldOutSet.FromPairs(10, 20, users.ToArray(), items.ToArray());
    }

    [Fact]
    public void EvenSample_KeepsEveryNthUserWithAllTheirItems()
    {
        HeldOutSet all = TenUsers();

        HeldOutSet sample = all.EvenSample(4);

        // Nine users with items, step ceil(9 / 4) = 3: the 1st, 4th and 7th of them.
        Assert.Equal([0, 4, 7], sample.Users);
        Assert.Equal([4, 14], sample.ItemsOf(4).ToArray());
        Assert.Empty(sample.ItemsOf(1).ToArray());
        Assert.Equal(6, sample.PairCount);
        Assert.Equal((all.UserCount, all.ItemCount), (sample.UserCount, sample.ItemCount));
    }

    [Fact]
    public void EvenSample_OfAtLeastAllUsers_IsTheSetItself()
    {
        HeldOutSet all = TenUsers();

        Assert.Same(all, all.EvenSample(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => all.EvenSample(0));
    }
}
