/** The page header (title, theme toggle) and a start-up error, when the config did not load. */
export function TopBar(props: {
  readonly onToggleTheme: () => void;
  readonly bootError: string | undefined;
}) {
  return (
    <>
      <header className="top">
        <h1>Gatehouse dev host</h1>
        <button type="button" onClick={props.onToggleTheme}>
          Toggle theme
        </button>
      </header>
      {props.bootError !== undefined && (
        <p role="alert" className="error panel">
          {props.bootError}
        </p>
      )}
    </>
  );
}
