using Ehi.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Storage;

/// <summary>A TXn_ID conflict that cannot be journalled (here its table is gone, a real SQLite
/// error) is logged, and the repeat still gets the stored answer byte for byte.</summary>
public sealed class ConflictNotJournalledTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConflictInsertFails_TheRepeatStillGetsTheStoredAnswer()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var first = await fixture.SendAsync(Messages.Auth(6155805913));
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ((SqliteStore)fixture.Journal).Path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE conflicts";
            drop.ExecuteNonQuery();
        }

        var repeat = await fixture.SendAsync(Messages.Auth(6155805913, attempt: 1).Replace("\"Bill_Amt\":-12.5000", "\"Bill_Amt\":-99.00", StringComparison.Ordinal));

        Assert.Equal(first, repeat);
        Assert.Contains(fixture.Logs.Lines, l => l.Contains("could not be journalled", StringComparison.Ordinal) && l.Contains("6155805913", StringComparison.Ordinal));
    }
}
