//! What the reader can be asked to do. Keys and mouse events become these;
//! their meaning depends on the pane or overlay in front (Down scrolls the
//! document but moves a list's selection).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    /// Sideways: only the map moves this way.
    Left,
    Right,
    PageDown,
    PageUp,
    NextPassage,
    PrevPassage,
    Top,
    Bottom,
    NextArticle,
    PrevArticle,
    FocusNext,
    FocusPrev,
    Activate,
    NextHit,
    PrevHit,
    Back,
    Forward,
    /// Back to where the last run of jumps began.
    Rewind,
    /// The mention cursor to the next / previous mention.
    NextMention,
    PrevMention,
    ToggleOriginal,
    Articles,
    Help,
    Close,
    /// `q`: closes what is in front; quits only from the document.
    Leave,
    /// Quits from anywhere.
    Quit,
    /// Gives the terminal back and stops until resumed.
    Suspend,
    Tours,
    NextStep,
    PrevStep,
    LeaveTour,
    Chronological,
    Compare,
    Search,
    ToggleBookmark,
    EditNote,
    Bookmarks,
    Delete,
    Undo,
    /// Shows the map in the timeline's place, or the timeline again.
    ToggleMap,
    /// Widens the map to every place of the corpus, or back to the article.
    ZoomMap,
    /// Changing the pack: accept, reject, rename and the rest.
    Curate(super::CurateKey),
    /// Starts selecting words at the mention cursor, or else at the focus
    /// passage's first word.
    Select,
    /// Selects the whole focus passage.
    SelectPassage,
    /// A key of the selection mode.
    Selection(super::Sel),
    /// Tags for the focus passage's highlight.
    TagHighlight,
    /// A note on the focus passage's highlight.
    NoteHighlight,
    /// Removes the focus passage's highlight.
    RemoveHighlight,
    Edit(Edit),
    Resize(u16, u16),
    Mouse(MouseAction),
}

/// Editing keys of a one-line prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Clear,
    /// Up and Down in the search prompt: an earlier or a later query.
    Older,
    Newer,
    /// Tab in the search prompt: the keyboard to the list of results.
    Results,
    /// Tab: completes a tag.
    Complete,
    Submit,
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseAction {
    WheelDown { x: u16, y: u16 },
    WheelUp { x: u16, y: u16 },
    Click { x: u16, y: u16 },
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Something worth keeping changed: bookmarks, notes or tour progress.
    Save,
    Suspend,
    Quit,
}
