-- Every change of the content revision is announced on the channel "kb_revision", with the new
-- revision as payload. PostgreSQL delivers it to listeners when the writing transaction commits
-- (and never when it rolls back), so a server that listens knows the revision without asking.
CREATE FUNCTION "kb_state_notify_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kb_revision', NEW."revision"::text);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "kb_state_revision_changed"
  AFTER INSERT OR UPDATE OF "revision" ON "kb_state"
  FOR EACH ROW EXECUTE FUNCTION "kb_state_notify_revision"();
