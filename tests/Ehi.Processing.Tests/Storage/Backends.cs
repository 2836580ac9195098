using Ehi.Processing.Tests.Ledger;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Storage;

// The contract suites, unchanged, on each backend.
public sealed class ClientAddressOnSqlite(ITestOutputHelper output) : ClientAddressTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class ClientAddressOnPostgres(ITestOutputHelper output, PostgresStores stores) : ClientAddressTests(output, stores);

public sealed class CutOffAndRejectionOnSqlite(ITestOutputHelper output) : CutOffAndRejectionTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class CutOffAndRejectionOnPostgres(ITestOutputHelper output, PostgresStores stores) : CutOffAndRejectionTests(output, stores);

public sealed class DecisionOnSqlite(ITestOutputHelper output) : DecisionTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class DecisionOnPostgres(ITestOutputHelper output, PostgresStores stores) : DecisionTests(output, stores);

public sealed class ExactlyOnceOnSqlite(ITestOutputHelper output) : ExactlyOnceTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class ExactlyOnceOnPostgres(ITestOutputHelper output, PostgresStores stores) : ExactlyOnceTests(output, stores);

public sealed class ReconciliationOnSqlite(ITestOutputHelper output) : ReconciliationTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class ReconciliationOnPostgres(ITestOutputHelper output, PostgresStores stores) : ReconciliationTests(output, stores);

public sealed class AuthorisationRuleOnSqlite(ITestOutputHelper output) : AuthorisationRuleTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class AuthorisationRuleOnPostgres(ITestOutputHelper output, PostgresStores stores) : AuthorisationRuleTests(output, stores);

public sealed class LifecycleOnSqlite(ITestOutputHelper output) : LifecycleTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class LifecycleOnPostgres(ITestOutputHelper output, PostgresStores stores) : LifecycleTests(output, stores);

public sealed class MatchingOnSqlite(ITestOutputHelper output) : MatchingTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class MatchingOnPostgres(ITestOutputHelper output, PostgresStores stores) : MatchingTests(output, stores);

public sealed class RandomInterleavingOnSqlite(ITestOutputHelper output) : RandomInterleavingTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class RandomInterleavingOnPostgres(ITestOutputHelper output, PostgresStores stores) : RandomInterleavingTests(output, stores);

public sealed class RetentionOnSqlite(ITestOutputHelper output) : RetentionTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class RetentionOnPostgres(ITestOutputHelper output, PostgresStores stores) : RetentionTests(output, stores);

public sealed class TxnConflictOnSqlite(ITestOutputHelper output) : TxnConflictTests(output, SqliteStores.Instance);

[Collection(PostgresCollection.Name)]
public sealed class TxnConflictOnPostgres(ITestOutputHelper output, PostgresStores stores) : TxnConflictTests(output, stores);
